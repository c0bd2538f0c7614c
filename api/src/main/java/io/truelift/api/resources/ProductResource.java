package io.truelift.api.resources;

import io.truelift.api.api.ProductView;
import io.truelift.api.api.SubstituteEdgeView;
import io.truelift.api.auth.Role;
import io.truelift.api.core.Catalog;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The product catalog and each product's substitutes. */
@Path("/products")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public class ProductResource {
  private final Catalog catalog;

  public ProductResource(Catalog catalog) {
    this.catalog = catalog;
  }

  @GET
  public List<ProductView> list() {
    return catalog.products();
  }

  @GET
  @Path("/{sku}/substitutes")
  public List<SubstituteEdgeView> substitutes(@PathParam("sku") String sku) {
    if (catalog.product(sku).isEmpty()) {
      throw ApiErrors.notFound("No product " + sku);
    }
    return catalog.substitutes(sku);
  }
}
