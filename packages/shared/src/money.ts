/**
 * Money on the wire and in the database: integer minor units + ISO 4217 code. Never floats.
 * Conversion between currencies is an *estimate* for display and search only (bookings are charged in the
 * DJ's currency); rates are a static table shipped with the app, dated, so nothing needs the network.
 */
import { z } from 'zod';
import { CURRENCIES, type Currency } from './currency.ts';

export * from './currency.ts';

export const CurrencySchema = z.enum(Object.keys(CURRENCIES) as [Currency, ...Currency[]], {
  error: 'Choose a supported currency (ISO 4217, e.g. EUR, USD, GBP).',
});

export const MoneySchema = z.object({ amountMinor: z.number().int(), currency: CurrencySchema });
export type Money = z.infer<typeof MoneySchema>;
