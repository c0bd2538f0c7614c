/** A form's validation messages, announced to screen readers; nothing when there are none. */
export function ErrorList({ errors }: { errors: string[] }) {
  if (errors.length === 0) return null;
  return (
    <ul className="error" role="alert">
      {errors.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}
