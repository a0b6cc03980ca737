import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

interface OutboxMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string> | null;
  attachments: { filename: string; contentType: string; content: string }[] | null;
  createdAt: string;
}

/** Development only: the mails the outbox provider "sent", with clickable links. */
export function DevOutboxPage() {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const q = useQuery({
    queryKey: ['dev', 'outbox'],
    queryFn: async () => (await api.get<{ messages: OutboxMessage[] }>('/dev/outbox')).messages,
    refetchInterval: 3000,
  });
  const fmt = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  return (
    <div className="container stack">
      <h1>{t('auth.outbox.title')}</h1>
      <p className="muted">{t('auth.outbox.lead')}</p>
      {q.error ? <p className="alert alert-error">{t('auth.outbox.unavailable')}</p> : null}
      {q.data?.length === 0 ? <p>{t('auth.outbox.empty')}</p> : null}
      <ul className="outbox-list">
        {q.data?.map((m) => (
          <li key={m.id} className="card">
            <button
              className="outbox-head"
              type="button"
              aria-expanded={open === m.id}
              onClick={() => setOpen(open === m.id ? null : m.id)}
            >
              <strong>{m.subject}</strong>
              <span className="muted">
                {m.to} · {fmt.format(new Date(m.createdAt))}
              </span>
            </button>
            {open === m.id ? <MailParts m={m} /> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The HTML part as a recipient sees it (sandboxed: no scripts, no same-origin), headers, attachments, text part. */
function MailParts({ m }: { m: OutboxMessage }) {
  const { t } = useTranslation();
  return (
    <div className="stack">
      {m.html ? <iframe className="mail-html" sandbox="" srcDoc={m.html} title={m.subject} /> : null}
      {m.headers ? (
        <dl className="mail-headers">
          {Object.entries(m.headers).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {m.attachments?.length ? (
        <ul>
          {m.attachments.map((a) => (
            <li key={a.filename}>
              <a href={`data:${a.contentType},${encodeURIComponent(a.content)}`} download={a.filename}>
                {t('auth.outbox.attachment', { name: a.filename })}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <MailBody text={m.text} />
    </div>
  );
}

function MailBody({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/\S+)/g);
  return (
    <pre className="mail-body">
      {parts.map((p, i) =>
        /^https?:\/\//.test(p) ? (
          <a key={i} href={p}>
            {p}
          </a>
        ) : (
          p
        ),
      )}
    </pre>
  );
}
