package io.truelift.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated assortment: categories with their share of shopping trips and outside-option
 * utility, the nest dissimilarity of each sub-category, products and stores with traffic weights.
 * {@link #defaultCatalog()} has a frozen-pizza sub-category of four close substitutes and a floss
 * that is alone in its sub-category, so one promotion cannibalizes and another cannot.
 */
public final class Catalog {
  /** One category: its share of trips and the utility of buying nothing in it. */
  public record Category(String name, double tripWeight, double outsideUtility) {
    public Category {
      if (!(tripWeight > 0)) {
        throw new IllegalArgumentException(
            "Category %s: tripWeight must be > 0, got %s".formatted(name, tripWeight));
      }
    }
  }

  private final List<Category> categories;
  private final List<Product> products;
  private final Map<String, List<Product>> productsByCategory = new LinkedHashMap<>();
  private final Map<String, Product> productsBySku = new LinkedHashMap<>();
  private final Map<String, Double> nestLambda;
  private final Map<String, Double> storeWeights;

  public Catalog(
      List<Category> categories,
      List<Product> products,
      Map<String, Double> nestLambda,
      Map<String, Double> storeWeights) {
    this.categories = List.copyOf(categories);
    this.products = List.copyOf(products);
    this.nestLambda = Map.copyOf(nestLambda);
    this.storeWeights = new LinkedHashMap<>(storeWeights);
    if (storeWeights.isEmpty() || storeWeights.values().stream().anyMatch(w -> !(w > 0))) {
      throw new IllegalArgumentException("storeWeights must be non-empty and > 0, got " + storeWeights);
    }
    for (Category c : categories) {
      productsByCategory.put(c.name(), new ArrayList<>());
    }
    for (Product p : products) {
      List<Product> inCategory = productsByCategory.get(p.category());
      if (inCategory == null) {
        throw new IllegalArgumentException(
            "Product %s has unknown category %s".formatted(p.sku(), p.category()));
      }
      if (productsBySku.put(p.sku(), p) != null) {
        throw new IllegalArgumentException("Duplicate sku " + p.sku());
      }
      inCategory.add(p);
      double lambda = lambda(p.subCategory());
      if (!(lambda > 0 && lambda <= 1)) {
        throw new IllegalArgumentException(
            "Nest parameter of %s must be in (0, 1], got %s".formatted(p.subCategory(), lambda));
      }
    }
    productsByCategory.replaceAll((k, v) -> List.copyOf(v));
  }

  public List<Category> categories() {
    return categories;
  }

  public List<Product> products() {
    return products;
  }

  public List<Product> productsIn(String category) {
    return productsByCategory.getOrDefault(category, List.of());
  }

  public Category categoryOf(Product p) {
    return categories.stream().filter(c -> c.name().equals(p.category())).findFirst().orElseThrow();
  }

  public Optional<Product> product(String sku) {
    return Optional.ofNullable(productsBySku.get(sku));
  }

  public Product require(String sku) {
    return product(sku)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "sku must be one of %s, got \"%s\"".formatted(productsBySku.keySet(), sku)));
  }

  /** Same sub-category, other products: the substitutes the pipeline looks at by default. */
  public List<String> substitutesOf(String sku) {
    Product p = require(sku);
    return productsIn(p.category()).stream()
        .filter(o -> o.subCategory().equals(p.subCategory()) && !o.sku().equals(sku))
        .map(Product::sku)
        .toList();
  }

  public double lambda(String subCategory) {
    return nestLambda.getOrDefault(subCategory, 1.0);
  }

  public Map<String, Double> storeWeights() {
    return storeWeights;
  }

  public List<String> stores() {
    return new ArrayList<>(storeWeights.keySet());
  }

  /**
   * Four categories, eight sub-categories, twenty products, three stores. Intercepts are set so
   * that roughly half of the shoppers who look at a category buy something at regular prices.
   */
  public static Catalog defaultCatalog() {
    List<Category> cats =
        List.of(
            new Category("FROZEN", 0.30, 0.9),
            new Category("CEREAL", 0.30, 0.6),
            new Category("ORAL HYGIENE", 0.15, 0.5),
            new Category("BAKERY", 0.25, 0.6));
    List<Product> ps =
        List.of(
            p("PIZZA-4CH", "Frozen pizza four cheese", "FROZEN", "FROZEN PIZZA", 549, 330, 0.6),
            p("PIZZA-PEP", "Frozen pizza pepperoni", "FROZEN", "FROZEN PIZZA", 549, 330, 0.7),
            p("PIZZA-SUP", "Frozen pizza supreme", "FROZEN", "FROZEN PIZZA", 599, 360, 0.3),
            p("PIZZA-PB", "Store-brand frozen pizza", "FROZEN", "FROZEN PIZZA", 399, 250, 0.4),
            p("ICE-VAN", "Vanilla ice cream", "FROZEN", "ICE CREAM", 449, 250, 0.2),
            p("ICE-CHO", "Chocolate ice cream", "FROZEN", "ICE CREAM", 449, 250, 0.1),
            p("ICE-STR", "Strawberry ice cream", "FROZEN", "ICE CREAM", 449, 250, -0.3),
            p("CER-HNO", "Honey nut oats", "CEREAL", "ALL FAMILY CEREAL", 429, 240, 0.5),
            p("CER-HNO-PB", "Store-brand honey nut oats", "CEREAL", "ALL FAMILY CEREAL", 299, 170, 0.3),
            p("CER-FLK", "Corn flakes", "CEREAL", "ALL FAMILY CEREAL", 379, 200, 0.4),
            p("CER-KID", "Frosted kids cereal", "CEREAL", "KIDS CEREAL", 459, 260, 0.3),
            p("CER-KID-CHO", "Chocolate kids cereal", "CEREAL", "KIDS CEREAL", 469, 265, 0.1),
            p("MW-NAT", "Mouthwash national brand", "ORAL HYGIENE", "MOUTHWASH", 599, 330, 0.3),
            p("MW-PB", "Store-brand mouthwash", "ORAL HYGIENE", "MOUTHWASH", 399, 200, 0.2),
            p("FLOSS", "Dental floss", "ORAL HYGIENE", "FLOSS", 329, 120, 0.2),
            p("BRD-WHT", "White bread", "BAKERY", "BREAD", 249, 120, 0.6),
            p("BRD-WHL", "Wholewheat bread", "BAKERY", "BREAD", 299, 150, 0.4),
            p("BRD-RYE", "Rye bread", "BAKERY", "BREAD", 329, 160, 0.0),
            p("BAGEL", "Plain bagels", "BAKERY", "BAGELS", 349, 170, 0.1),
            p("BAGEL-SES", "Sesame bagels", "BAKERY", "BAGELS", 369, 180, -0.1));
    // Lower lambda = closer substitutes: a discount draws more from its own nest.
    Map<String, Double> lambdas =
        Map.of(
            "FROZEN PIZZA", 0.6,
            "ICE CREAM", 0.7,
            "ALL FAMILY CEREAL", 0.65,
            "KIDS CEREAL", 0.7,
            "MOUTHWASH", 0.7,
            "FLOSS", 0.8,
            "BREAD", 0.6,
            "BAGELS", 0.75);
    Map<String, Double> stores = new LinkedHashMap<>();
    stores.put("S1", 0.45);
    stores.put("S2", 0.35);
    stores.put("S3", 0.20);
    return new Catalog(cats, ps, lambdas, stores);
  }

  private static Product p(
      String sku, String name, String cat, String sub, long price, long cost, double intercept) {
    return new Product(sku, name, cat, sub, price, cost, intercept);
  }
}
