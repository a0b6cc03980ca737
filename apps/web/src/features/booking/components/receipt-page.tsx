import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import type { Receipt } from '@partystream/shared/payment/payment.schemas';
import { api, ApiError } from '../../../lib/api-client';
import { dateIn, money, timeIn, viewerTimeZone, zoneAbbrev } from '../../../lib/format';
import { paths } from '../../../config/paths';
import '../booking.css';

/**
 * /bookings/:id/receipt — the host's receipt (the server answers 404 to anyone else). Dates in the host's chosen
 * zone, else the viewer's. Prints as a plain black-on-white page (see @media print in booking.css).
 */
export function ReceiptPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const receipt = useQuery({
    queryKey: ['receipt', id],
    queryFn: async () => (await api.get<{ receipt: Receipt }>(`/bookings/${id}/receipt`)).receipt,
    retry: false,
  });
  const r = receipt.data;
  if (receipt.error) {
    const notFound = receipt.error instanceof ApiError && [400, 404].includes(receipt.error.status);
    return (
      <div className="container narrow card stack">
        <h1>{notFound ? t('booking.receipt.none') : t('common.error')}</h1>
        {notFound ? <p>{t('booking.receipt.noneBody')}</p> : null}
        <Link to={paths.booking.to(id)}>{t('booking.checkout.view')}</Link>
      </div>
    );
  }
  if (!r) return <p className="container">{t('common.loading')}</p>;
  const tz = r.timeZone ?? viewerTimeZone();
  const m = (minor: number) => money(minor, r.total.currency, i18n.language);
  const day = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { day: 'numeric', month: 'long', year: 'numeric', timeZone: tz }).format(
      new Date(iso),
    );

  return (
    <div className="container narrow stack receipt-page">
      <div className="row spread no-print">
        <Link to={paths.booking.to(r.bookingId)} className="muted">
          ← {t('booking.checkout.view')}
        </Link>
        <button className="btn" type="button" onClick={() => window.print()}>
          {t('booking.receipt.print')}
        </button>
      </div>
      <article className="card stack receipt" aria-labelledby="receipt-h">
        <header className="row spread">
          <div>
            <p className="receipt-brand">PartyStream</p>
            <h1 id="receipt-h">{t('booking.receipt.title')}</h1>
          </div>
          <dl className="receipt-meta">
            <dt>{t('booking.receipt.number')}</dt>
            <dd data-testid="receipt-number">{r.number}</dd>
            <dt>{t('booking.receipt.issued')}</dt>
            <dd>{day(r.issuedAt)}</dd>
          </dl>
        </header>
        <dl className="facts">
          <dt>{t('booking.receipt.billedTo')}</dt>
          <dd>{r.hostName}</dd>
          <dt>{t('booking.receipt.dj')}</dt>
          <dd>{r.djStageName}</dd>
          <dt>{t('booking.receipt.party')}</dt>
          <dd>
            {dateIn(r.startsAt, tz, i18n.language)}, {timeIn(r.startsAt, tz, i18n.language)}–{timeIn(r.endsAt, tz, i18n.language)}{' '}
            {zoneAbbrev(tz, Date.parse(r.startsAt), i18n.language)}
          </dd>
          <dt>{t('booking.receipt.booking')}</dt>
          <dd className="small">{r.bookingId}</dd>
        </dl>
        <table className="receipt-lines">
          <thead>
            <tr>
              <th scope="col">{t('booking.receipt.item')}</th>
              <th scope="col" className="num">
                {t('booking.receipt.amount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {r.lines.map((l, i) => (
              <tr key={i}>
                <td>{l.label}</td>
                <td className="num">{m(l.amountMinor)}</td>
              </tr>
            ))}
            <tr className="total">
              <th scope="row">{t('booking.receipt.total')}</th>
              <td className="num" data-testid="receipt-total">
                {m(r.total.amountMinor)}
              </td>
            </tr>
            {r.refunds.map((f, i) => (
              <tr key={`r${i}`} className="refund">
                <td>
                  {t('booking.receipt.refundOn', { date: day(f.at) })} — {f.reason}
                </td>
                <td className="num">−{m(f.amountMinor)}</td>
              </tr>
            ))}
            {r.refunds.length ? (
              <tr className="total">
                <th scope="row">{t('booking.receipt.net')}</th>
                <td className="num" data-testid="receipt-net">
                  {m(r.netPaidMinor)}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
        <p className="small">
          {t('booking.receipt.paymentLine', {
            status: t(`booking.payment.${r.payment.status}`, { defaultValue: r.payment.status }),
            card: r.payment.cardLast4 ? t('booking.receipt.card', { last4: r.payment.cardLast4 }) : '',
            date: r.payment.chargedAt ? day(r.payment.chargedAt) : '—',
          })}
        </p>
        <p className="muted small">{t('booking.receipt.feeNote')}</p>
      </article>
    </div>
  );
}
