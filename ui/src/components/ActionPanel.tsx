import { useState } from 'react';
import { api, type ActionType, type AlertDetail } from '../api/client';
import { ACTION_LABELS, MAX_REASON_LENGTH, buildActionRequest, endedReason } from '../lib/actions';
import { formatCents, formatInstant } from '../lib/format';
import { actDisabledReason } from '../lib/roles';
import { useSession } from '../session';
import { ConfirmDialog } from './ConfirmDialog';

interface Props {
  alert: AlertDetail;
  /** Called after an action was posted (or may have been recorded), to re-read the alert. */
  onChanged: () => void;
}

const CONSEQUENCES: Record<ActionType, string> = {
  STOP_PROMOTION: 'The promotion ends in every store once the alert workflow executes it.',
  ADJUST_PRICE: 'The promotion keeps running at the new price once the alert workflow executes it.',
  DISMISS: 'The alert is closed without changing the promotion.',
};

/** The manager's decision: stop, re-price or dismiss, each confirmed; then the action history. */
export function ActionPanel({ alert, onChanged }: Props) {
  const [pending, setPending] = useState<ActionType | null>(null);
  const [price, setPrice] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [posted, setPosted] = useState(false);
  const { session } = useSession();
  const roleReason = actDisabledReason(session.role);
  // One action per alert: the API answers 409 to a second one.
  const decided = alert.actions.length > 0 || posted;
  const ended = endedReason(alert.status);
  const disabled = decided || ended !== null || roleReason !== null;
  // An action rejected because it came after the end shows why: the lifecycle ended.
  const why = roleReason ?? ended ?? (decided ? 'This alert already has a decision.' : null);

  function open(type: ActionType) {
    const suggested = alert.analysis?.recommendations.find((r) => r.actionType === 'ADJUST_PRICE')?.newPriceCents;
    setPrice(type === 'ADJUST_PRICE' && suggested ? (suggested / 100).toFixed(2) : '');
    setReason('');
    setDialogError(null);
    setError(null);
    setPending(type);
  }

  async function submit() {
    if (!pending) return;
    const built = buildActionRequest(pending, price, reason);
    if (!built.ok) {
      setDialogError(built.error);
      return;
    }
    setBusy(true);
    try {
      await api.act(alert.alertId, built.request);
      setPosted(true);
    } catch (e) {
      // A 503 means the action is recorded but not yet executed; a 409 that one exists. Either
      // way the re-read below shows the truth.
      setError(`${ACTION_LABELS[pending]} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
      setPending(null);
      onChanged();
    }
  }

  return (
    <>
      <h3 id="decision-title">Decision</h3>
      <div className="actions" role="group" aria-labelledby="decision-title" aria-describedby={why ? 'decision-why' : undefined}>
        <button type="button" className="danger" data-testid="action-stop" disabled={disabled} onClick={() => open('STOP_PROMOTION')}>
          Stop promotion
        </button>
        <button type="button" data-testid="action-adjust" disabled={disabled} onClick={() => open('ADJUST_PRICE')}>
          Adjust price
        </button>
        <button type="button" data-testid="action-dismiss" disabled={disabled} onClick={() => open('DISMISS')}>
          Dismiss
        </button>
      </div>
      {why && (
        <p id="decision-why" className="muted" data-testid="actions-disabled-reason">
          {why}
        </p>
      )}
      {decided && alert.actions.length === 0 && (
        <p className="muted" role="status">
          Action sent; waiting for it to be recorded…
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}

      {alert.actions.length > 0 && (
        <div className="table-scroll">
          <table className="history" data-testid="action-history">
            <caption>Actions (updates live)</caption>
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">By</th>
                <th scope="col">Requested</th>
                <th scope="col">Status</th>
                <th scope="col">Executed</th>
              </tr>
            </thead>
            <tbody>
              {alert.actions.map((a) => (
                <tr key={a.actionId}>
                  <td>
                    {ACTION_LABELS[a.actionType] ?? a.actionType}
                    {a.newPriceCents !== null && ` to ${formatCents(a.newPriceCents)}`}
                    {a.reason && <span className="sub">“{a.reason}”</span>}
                  </td>
                  <td>{a.actor}</td>
                  <td>{formatInstant(a.requestedAt)}</td>
                  <td aria-live="polite">
                    <span className={`status status-${a.status.toLowerCase()}`} data-testid="action-status">
                      {a.status}
                    </span>
                  </td>
                  <td>{formatInstant(a.executedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {pending && (
        <ConfirmDialog
          title={`${ACTION_LABELS[pending]}: ${alert.promotedSku} (${alert.promotionId})?`}
          confirmLabel={ACTION_LABELS[pending]}
          busy={busy}
          error={dialogError}
          onConfirm={submit}
          onCancel={() => setPending(null)}
        >
          <p>{CONSEQUENCES[pending]}</p>
          {pending === 'ADJUST_PRICE' && (
            <label className="field">
              New promotion price (USD)
              <input
                name="newPrice"
                data-testid="price-input"
                value={price}
                onChange={(e) => setPrice(e.target.value)}
                inputMode="decimal"
                placeholder="3.49"
                aria-required="true"
              />
            </label>
          )}
          {pending === 'DISMISS' && (
            <label className="field">
              Reason (required)
              <input
                name="reason"
                data-testid="reason-input"
                value={reason}
                maxLength={MAX_REASON_LENGTH}
                onChange={(e) => setReason(e.target.value)}
                placeholder="e.g. planned clearance of the substitutes"
                aria-required="true"
              />
            </label>
          )}
        </ConfirmDialog>
      )}
    </>
  );
}
