import { type FormEvent, useState } from 'react';
import { api, type Product, type WhatIfResult } from '../api/client';
import { formatCents, formatHours, formatSignedCents, formatUnits, intervalSign } from '../lib/format';
import { buildWhatIf, discountText } from '../lib/promotions';
import { ProductField } from './ProductField';
import { IntervalValue } from './IntervalValue';
import { ErrorList } from './ErrorList';

interface Props {
  products: Product[];
  /** SKUs to suggest when the catalogue is empty, with their regular prices where known. */
  knownPrices: Map<string, number>;
  disabledReason: string | null;
  result: WhatIfResult | null;
  onResult: (r: WhatIfResult | null) => void;
}


/** POST /api/promotions/what-if: the forecast of a planned promotion, each figure with its interval. */
export function WhatIfPanel({ products, knownPrices, disabledReason, result, onResult }: Props) {
  const [sku, setSku] = useState('');
  const [price, setPrice] = useState('');
  const [hours, setHours] = useState('72');
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const regular = products.find((p) => p.sku === sku.trim())?.regularPriceCents ?? knownPrices.get(sku.trim());
    const built = buildWhatIf({ sku, price, hours }, regular);
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setBusy(true);
    setErrors([]);
    try {
      onResult(await api.whatIf(built.request));
    } catch (err) {
      onResult(null);
      setErrors([err instanceof Error ? err.message : String(err)]);
    } finally {
      setBusy(false);
    }
  }

  const margin = result ? intervalSign(result.netMarginCents) : 'unclear';
  return (
    <section className="panel" aria-labelledby="whatif-title">
      <h2 id="whatif-title">What if…</h2>
      <p className="muted small">Forecast a planned promotion before running it: lift, cannibalization and net margin.</p>
      <form onSubmit={submit} className="stacked" data-testid="whatif-form" noValidate>
        <fieldset disabled={disabledReason !== null || busy}>
          <ProductField id="whatif-sku" products={products} value={sku} onChange={setSku} testId="whatif-sku" knownSkus={[...knownPrices.keys()]} />
          <div className="field-row">
            <label className="field">
              Promotion price (USD)
              <input value={price} onChange={(e) => setPrice(e.target.value)} inputMode="decimal" placeholder="3.49" data-testid="whatif-price" />
            </label>
            <label className="field">
              Duration (hours)
              <input value={hours} onChange={(e) => setHours(e.target.value)} inputMode="numeric" data-testid="whatif-hours" />
            </label>
          </div>
          <ErrorList errors={errors} />
          <button type="submit" className="primary" data-testid="whatif-submit">
            {busy ? 'Forecasting…' : 'Forecast'}
          </button>
        </fieldset>
      </form>

      <div aria-live="polite">
        {result && (
          <div className="whatif-result" data-testid="whatif-result">
            <h3>
              {result.sku} at {formatCents(result.promoPriceCents)}{' '}
              <small>
                {discountText(result.promoPriceCents, result.regularPriceCents)} {formatCents(result.regularPriceCents)} for{' '}
                {formatHours(result.durationHours)}
              </small>
            </h3>
            <dl className="decomposition">
              <div>
                <dt>Gross lift (units)</dt>
                <dd>
                  <IntervalValue interval={result.grossLiftUnits} format={formatUnits} testId="whatif-gross" />
                </dd>
              </div>
              <div>
                <dt>Cannibalized (units)</dt>
                <dd>
                  <IntervalValue interval={result.cannibalizedUnits} format={formatUnits} testId="whatif-cannibalized" />
                </dd>
              </div>
              <div>
                <dt>Net lift (units)</dt>
                <dd>
                  <IntervalValue interval={result.netUnits} format={formatUnits} testId="whatif-net-units" />
                </dd>
              </div>
              <div className={`margin-${margin}`}>
                <dt>Net margin</dt>
                <dd>
                  <IntervalValue interval={result.netMarginCents} format={formatSignedCents} testId="whatif-margin" />
                </dd>
              </div>
            </dl>
            <p className="small" data-testid="whatif-verdict">
              {margin === 'gain' && 'The promotion is expected to add margin (the whole 90% interval is above zero).'}
              {margin === 'loss' && 'The promotion is expected to lose margin (the whole 90% interval is below zero).'}
              {margin === 'unclear' && 'The margin effect is uncertain: its 90% interval includes zero.'}
            </p>
            {result.substitutes.length > 0 && (
              <div className="table-scroll">
                <table>
                  <caption>Substitutes' expected lost units</caption>
                  <thead>
                    <tr>
                      <th scope="col">Item</th>
                      <th scope="col" className="num">
                        Lost (90% interval)
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.substitutes.map((s) => (
                      <tr key={s.sku}>
                        <th scope="row">{s.sku}</th>
                        <td className="num">
                          <IntervalValue interval={s.lostUnits} format={formatUnits} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <p className="muted small">Model {result.modelVersion}</p>
          </div>
        )}
      </div>
    </section>
  );
}
