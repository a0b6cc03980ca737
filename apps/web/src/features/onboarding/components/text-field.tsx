/** A labelled input with its hint, or its error next to it (announced). */
export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  hint?: string;
  type?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.hint && !props.error ? <small className="muted">{props.hint}</small> : null}
      {props.error ? (
        <span id={`${props.id}-error`} className="field-error" role="alert">
          {props.error}
        </span>
      ) : null}
    </div>
  );
}
