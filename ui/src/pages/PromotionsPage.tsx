import { type FormEvent, useCallback, useEffect, useReducer, useState } from 'react';
import { api, type Product, type Promotion, type PromotionStatus, type WhatIfResult } from '../api/client';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ProductField } from '../components/ProductField';
import { WhatIfPanel } from '../components/WhatIfPanel';
import { formatCents, formatInstant } from '../lib/format';
import { buildNewPromotion, discountText, isChangeable, parsePromoPrice, promotionsReducer } from '../lib/promotions';
import { actDisabledReason } from '../lib/roles';
import { routeHash } from '../lib/routes';
import { useSession } from '../session';
import { ErrorList } from '../components/ErrorList';

const STATUSES: PromotionStatus[] = ['ACTIVE', 'PLANNED', 'STOPPED', 'ENDED'];
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

type Pending = { kind: 'stop'; promotion: Promotion } | { kind: 'price'; promotion: Promotion } | null;

/** Promotions: the list (stop, change price), a new promotion, and the what-if of a planned one. */
export function PromotionsPage() {
  const { session } = useSession();
  const roleReason = actDisabledReason(session.role);
  const [status, setStatus] = useState<'' | PromotionStatus>('');
  const [promotions, dispatch] = useReducer(promotionsReducer, []);
  const [total, setTotal] = useState<number | null>(null);
  const [products, setProducts] = useState<Product[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending>(null);
  const [priceText, setPriceText] = useState('');
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [lastWhatIf, setLastWhatIf] = useState<WhatIfResult | null>(null);

  const load = useCallback(() => {
    api.promotions(status || undefined).then(
      (page) => {
        dispatch({ type: 'loaded', items: page.items });
        setTotal(page.total);
        setError(null);
      },
      (e) => setError(`Could not load the promotions: ${messageOf(e)}`),
    );
  }, [status]);

  useEffect(load, [load]);
  useEffect(() => {
    api.products().then(
      (p) => setProducts([...p].sort((a, b) => a.sku.localeCompare(b.sku))),
      (e) => setError(`Could not load the products: ${messageOf(e)}`),
    );
  }, []);

  // Without a catalogue, the promotions still tell which items exist and what they cost.
  const knownPrices = new Map(promotions.map((p) => [p.sku, p.regularPriceCents]));
  const regularPrice = (sku: string) => products.find((p) => p.sku === sku)?.regularPriceCents ?? knownPrices.get(sku);

  function openDialog(next: Pending) {
    setDialogError(null);
    setPriceText(next?.kind === 'price' ? (next.promotion.promoPriceCents / 100).toFixed(2) : '');
    setPending(next);
  }

  async function confirm() {
    if (!pending) return;
    const p = pending.promotion;
    let call: Promise<Promotion>;
    if (pending.kind === 'stop') {
      call = api.stopPromotion(p.promotionId);
    } else {
      const price = parsePromoPrice('New promotion price', priceText, p.regularPriceCents);
      if ('error' in price) {
        setDialogError(price.error);
        return;
      }
      call = api.changePrice(p.promotionId, price.cents);
    }
    setBusy(true);
    try {
      const saved = await call;
      dispatch({ type: 'saved', promotion: saved });
      setNotice(
        pending.kind === 'stop'
          ? `Promotion ${saved.promotionId} stopped.`
          : `Promotion ${saved.promotionId} now at ${formatCents(saved.promoPriceCents)}.`,
      );
      setPending(null);
    } catch (e) {
      setDialogError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div className="page-header">
        <h1>Promotions</h1>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {roleReason && (
        <p className="notice" data-testid="promotions-disabled-reason">
          {roleReason}
        </p>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {notice}
      </p>

      <div className="promo-grid">
        <section className="panel promo-list" aria-labelledby="promo-list-title">
          <div className="section-header">
            <h2 id="promo-list-title">
              All promotions {total !== null && <small>{total}</small>}
            </h2>
            <label className="inline-field">
              Status
              <select value={status} onChange={(e) => setStatus(e.target.value as '' | PromotionStatus)} data-testid="promo-status-filter">
                <option value="">Any</option>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {s.charAt(0) + s.slice(1).toLowerCase()}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {notice && (
            <p className="success" data-testid="promo-notice">
              {notice}
            </p>
          )}
          {promotions.length === 0 ? (
            <p className="empty">No promotions{status ? ` with status ${status.toLowerCase()}` : ''}.</p>
          ) : (
            <div className="table-scroll">
              <table className="promotions" data-testid="promotions-table">
                <caption className="visually-hidden">Promotions, running ones first</caption>
                <thead>
                  <tr>
                    <th scope="col">Promotion · item</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="num">
                      Price
                    </th>
                    <th scope="col">Runs</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {promotions.map((p) => (
                    <tr key={p.promotionId} data-testid="promotion-row" data-promotion-id={p.promotionId}>
                      <th scope="row">
                        <span className="sku">{p.promotionId}</span>
                        <span className="sub">
                          {p.sku} · {p.productName}
                        </span>
                        {p.alertId && (
                          <a className="sub" href={routeHash({ page: 'alert', alertId: p.alertId })}>
                            Alert {p.alertId}
                          </a>
                        )}
                      </th>
                      <td>
                        <span className={`status status-${p.status.toLowerCase()}`} data-testid="promotion-status">
                          {p.status}
                        </span>
                      </td>
                      <td className="num">
                        {formatCents(p.promoPriceCents)}
                        <span className="sub">
                          {discountText(p.promoPriceCents, p.regularPriceCents)} {formatCents(p.regularPriceCents)}
                        </span>
                      </td>
                      <td className="muted">
                        {formatInstant(p.startsAt)} – {p.endsAt ? formatInstant(p.endsAt) : 'open'}
                      </td>
                      <td className="row-actions">
                        <button
                          type="button"
                          className="small"
                          disabled={roleReason !== null || !isChangeable(p)}
                          title={roleReason ?? (isChangeable(p) ? undefined : `A ${p.status.toLowerCase()} promotion cannot be re-priced`)}
                          onClick={() => openDialog({ kind: 'price', promotion: p })}
                          data-testid="promotion-price"
                        >
                          Change price<span className="visually-hidden"> of {p.promotionId}</span>
                        </button>
                        <button
                          type="button"
                          className="small danger"
                          disabled={roleReason !== null || !isChangeable(p)}
                          title={roleReason ?? (isChangeable(p) ? undefined : `A ${p.status.toLowerCase()} promotion cannot be stopped`)}
                          onClick={() => openDialog({ kind: 'stop', promotion: p })}
                          data-testid="promotion-stop"
                        >
                          Stop<span className="visually-hidden"> {p.promotionId}</span>
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <div className="promo-side">
          <WhatIfPanel products={products} knownPrices={knownPrices} disabledReason={roleReason} result={lastWhatIf} onResult={setLastWhatIf} />
          <NewPromotionForm
            products={products}
            knownSkus={[...knownPrices.keys()]}
            disabledReason={roleReason}
            regularPrice={regularPrice}
            onCreated={(p) => {
              dispatch({ type: 'saved', promotion: p });
              setNotice(`Promotion ${p.promotionId} created for ${p.sku}.`);
            }}
          />
        </div>
      </div>

      {pending && (
        <ConfirmDialog
          title={pending.kind === 'stop' ? `Stop promotion ${pending.promotion.promotionId}?` : `Change the price of ${pending.promotion.promotionId}`}
          confirmLabel={pending.kind === 'stop' ? 'Stop promotion' : 'Change price'}
          busy={busy}
          error={dialogError}
          onConfirm={confirm}
          onCancel={() => setPending(null)}
        >
          {pending.kind === 'stop' ? (
            <p>
              {pending.promotion.sku} goes back to its regular price {formatCents(pending.promotion.regularPriceCents)} in every
              store.
            </p>
          ) : (
            <label className="field">
              New promotion price (USD), regular {formatCents(pending.promotion.regularPriceCents)}
              <input
                name="promoPrice"
                data-testid="promotion-price-input"
                value={priceText}
                onChange={(e) => setPriceText(e.target.value)}
                inputMode="decimal"
                aria-required="true"
              />
            </label>
          )}
        </ConfirmDialog>
      )}
    </>
  );
}

interface FormProps {
  products: Product[];
  knownSkus: string[];
  disabledReason: string | null;
  regularPrice: (sku: string) => number | undefined;
  onCreated: (p: Promotion) => void;
}

function NewPromotionForm({ products, knownSkus, disabledReason, regularPrice, onCreated }: FormProps) {
  const [sku, setSku] = useState('');
  const [price, setPrice] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const built = buildNewPromotion({ sku, price, startsAt, endsAt }, regularPrice(sku));
    if (!built.ok) {
      setErrors(built.errors);
      return;
    }
    setBusy(true);
    setErrors([]);
    try {
      onCreated(await api.createPromotion(built.request));
      setPrice('');
      setStartsAt('');
      setEndsAt('');
    } catch (err) {
      setErrors([messageOf(err)]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="new-promo-title">
      <h2 id="new-promo-title">New promotion</h2>
      <form onSubmit={submit} className="stacked" data-testid="new-promotion-form" noValidate>
        <fieldset disabled={disabledReason !== null || busy}>
          <ProductField id="new-promo-sku" products={products} value={sku} onChange={setSku} testId="new-promo-sku" knownSkus={knownSkus} />
          <label className="field">
            Promotion price (USD)
            <input value={price} onChange={(e) => setPrice(e.target.value)} inputMode="decimal" placeholder="3.49" data-testid="new-promo-price" />
          </label>
          <div className="field-row">
            <label className="field">
              Starts <span className="muted">(empty: now)</span>
              <input type="datetime-local" value={startsAt} onChange={(e) => setStartsAt(e.target.value)} />
            </label>
            <label className="field">
              Ends <span className="muted">(empty: open)</span>
              <input type="datetime-local" value={endsAt} onChange={(e) => setEndsAt(e.target.value)} />
            </label>
          </div>
          <ErrorList errors={errors} />
          <button type="submit" className="primary" data-testid="new-promo-submit">
            {busy ? 'Creating…' : 'Create promotion'}
          </button>
        </fieldset>
      </form>
    </section>
  );
}
