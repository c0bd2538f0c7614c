import type { Product } from '../api/client';
import { formatCents } from '../lib/format';

/** The item picker: a select over the catalogue, or a plain text field when it did not load. */
export function ProductField({
  id,
  products,
  value,
  onChange,
  testId,
  knownSkus = [],
}: {
  id: string;
  products: Product[];
  value: string;
  onChange: (sku: string) => void;
  testId: string;
  /** Suggestions for the text field when there is no catalogue (e.g. the SKUs of promotions). */
  knownSkus?: string[];
}) {
  if (products.length === 0) {
    const suggestions = [...new Set(knownSkus)].sort();
    return (
      <label className="field" htmlFor={id}>
        Item (SKU)
        <input
          id={id}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          data-testid={testId}
          autoComplete="off"
          list={suggestions.length > 0 ? `${id}-skus` : undefined}
        />
        {suggestions.length > 0 && (
          <datalist id={`${id}-skus`}>
            {suggestions.map((sku) => (
              <option key={sku} value={sku} />
            ))}
          </datalist>
        )}
      </label>
    );
  }
  return (
    <label className="field" htmlFor={id}>
      Item
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">Choose an item…</option>
        {products.map((p) => (
          <option key={p.sku} value={p.sku}>
            {p.sku} – {p.name} ({formatCents(p.regularPriceCents)})
          </option>
        ))}
      </select>
    </label>
  );
}
