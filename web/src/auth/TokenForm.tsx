import { useId, useState, type SyntheticEvent } from 'react';

interface TokenFormProps {
  /** Why the form is shown, when it is not the first visit (e.g. the token was rejected). */
  notice: string | null;
  onSubmit: (token: string) => void;
}

export function TokenForm({ notice, onSubmit }: TokenFormProps) {
  const inputId = useId();
  const hintId = useId();
  const [token, setToken] = useState('');

  function submit(event: SyntheticEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmed = token.trim();
    if (trimmed) onSubmit(trimmed);
  }

  return (
    <section className="panel token-panel" aria-labelledby={`${inputId}-heading`}>
      <h1 id={`${inputId}-heading`}>Sign in</h1>
      {notice && (
        <p className="message message-error" role="alert">
          {notice}
        </p>
      )}
      <form className="stack" onSubmit={submit}>
        <div className="field">
          <label htmlFor={inputId}>API token</label>
          <input
            id={inputId}
            type="password"
            value={token}
            onChange={(event) => setToken(event.target.value)}
            aria-describedby={hintId}
            autoComplete="off"
            spellCheck={false}
            required
            autoFocus
          />
          <p id={hintId} className="hint">
            <code>npm run up</code> prints a link that signs you in; or paste a token starting with{' '}
            <code>slw_</code>. It is kept for this browser tab only.
          </p>
        </div>
        <div>
          <button type="submit">Continue</button>
        </div>
      </form>
    </section>
  );
}
