/**
 * A small form that opens on demand and is sent once (report a review, report a profile): open/closed, busy, done,
 * and the failure as a sentence for the reader (problemMessage), so each form keeps only its own fields.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from './problem-messages';

export function useSendOnce() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  const [error, setError] = useState<string | null>(null);
  async function send(request: () => Promise<unknown>) {
    setState('busy');
    setError(null);
    try {
      await request();
      setState('done');
    } catch (err) {
      setError(problemMessage(err, t));
      setState('idle');
    }
  }
  return { open, setOpen, busy: state === 'busy', done: state === 'done', error, setError, send };
}
