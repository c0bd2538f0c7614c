import type { Product } from '../api/client';
import { formatCents } from '../lib/format';

/** The item picker: a select over the catalogue, or a plain text field when it did not load. */
export function ProductField({
  id,
  products,
  value,
  onChange,
  testId,
}: {
  id: string;
  products: Product[];
  value: string;
  onChange: (sku: string) => void;
  testId: string;
}) {
  if (products.length === 0) {
    return (
      <label className="field" htmlFor={id}>
        Item (SKU)
        <input id={id} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} autoComplete="off" />
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
