/**
 * Review mails in the recipient's language (en, es, fr; anything else falls back to English). Rendered when the
 * job runs, so a changed language or name is respected.
 */
import type { MailMessage } from '../../providers/mail/mail.ts';
import { escapeHtml } from '../auth/auth.mail.ts';

export type ReviewMailKind = 'request' | 'reminder' | 'published';

type Texts = Record<ReviewMailKind, { subject: (o: string) => string; body: (o: string, days: number) => string; cta: string }>;

const TEXTS: Record<'en' | 'es' | 'fr', Texts> = {
  en: {
    request: {
      subject: (o) => `How was your party with ${o}?`,
      body: (o, d) =>
        `Your party with ${o} is over. Leave a review within ${d} days: it stays hidden until you have both written yours (or the ${d} days are up), then both appear at once.`,
      cta: 'Write your review',
    },
    reminder: {
      subject: (o) => `Two days left to review ${o}`,
      body: (o) => `You have not reviewed your party with ${o} yet. The review window closes in two days.`,
      cta: 'Write your review',
    },
    published: {
      subject: (o) => `${o} reviewed you`,
      body: (o) => `${o}'s review of your party is now public. You can reply to it once.`,
      cta: 'Read the review',
    },
  },
  es: {
    request: {
      subject: (o) => `¿Qué tal tu fiesta con ${o}?`,
      body: (o, d) =>
        `Tu fiesta con ${o} ha terminado. Deja una reseña en los próximos ${d} días: permanece oculta hasta que ambos hayáis escrito la vuestra (o pasen los ${d} días) y entonces se publican a la vez.`,
      cta: 'Escribir mi reseña',
    },
    reminder: {
      subject: (o) => `Quedan dos días para reseñar a ${o}`,
      body: (o) => `Aún no has reseñado tu fiesta con ${o}. El plazo se cierra en dos días.`,
      cta: 'Escribir mi reseña',
    },
    published: {
      subject: (o) => `${o} te ha reseñado`,
      body: (o) => `La reseña de ${o} sobre vuestra fiesta ya es pública. Puedes responderla una vez.`,
      cta: 'Leer la reseña',
    },
  },
  fr: {
    request: {
      subject: (o) => `Comment s’est passée votre soirée avec ${o} ?`,
      body: (o, d) =>
        `Votre soirée avec ${o} est terminée. Laissez un avis sous ${d} jours : il reste masqué jusqu’à ce que vous ayez écrit tous les deux (ou que les ${d} jours soient écoulés), puis les deux paraissent en même temps.`,
      cta: 'Écrire mon avis',
    },
    reminder: {
      subject: (o) => `Plus que deux jours pour évaluer ${o}`,
      body: (o) => `Vous n’avez pas encore évalué votre soirée avec ${o}. La période d’avis se termine dans deux jours.`,
      cta: 'Écrire mon avis',
    },
    published: {
      subject: (o) => `${o} vous a laissé un avis`,
      body: (o) => `L’avis de ${o} sur votre soirée est maintenant public. Vous pouvez y répondre une fois.`,
      cta: 'Lire l’avis',
    },
  },
};

export function reviewMail(
  kind: ReviewMailKind,
  to: { email: string; displayName: string; locale: string },
  other: string,
  link: string,
  windowDays: number,
): MailMessage {
  const lang = (['en', 'es', 'fr'] as const).find((l) => to.locale.toLowerCase().startsWith(l)) ?? 'en';
  const t = TEXTS[lang][kind];
  const hi = lang === 'en' ? 'Hi' : lang === 'es' ? 'Hola' : 'Bonjour';
  const body = t.body(other, windowDays);
  return {
    to: to.email,
    subject: t.subject(other),
    template: `review.${kind}`,
    data: { other, link, lang },
    text: `${hi} ${to.displayName},\n\n${body}\n\n${t.cta}: ${link}\n`,
    html: `<p>${hi} ${escapeHtml(to.displayName)},</p><p>${escapeHtml(body)}</p><p><a href="${escapeHtml(link)}">${escapeHtml(t.cta)}</a></p>`,
  };
}
