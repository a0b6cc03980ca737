import type { ReactNode } from 'react';

/**
 * The app's own page for anything a person cannot continue from (a broken link, a missing page, an unexpected
 * error): a sentence in their language and a way on, never a stack trace or a developer message (issue 20).
 */
export function ProblemPage({ title, body, children }: { title: string; body?: string; children?: ReactNode }) {
  return (
    <div className="container narrow">
      <section className="card stack problem-page" role="alert" aria-live="polite">
        <p className="problem-glyph" aria-hidden>
          ♪
        </p>
        <h1>{title}</h1>
        {body ? <p className="muted">{body}</p> : null}
        {children ? <div className="row problem-actions">{children}</div> : null}
      </section>
    </div>
  );
}
