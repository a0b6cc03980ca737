import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBookableWindow, lengthRule, lengthsAt, parseInstant, startTimes, windowAt } from './slot-options.ts';

const at = (hhmm: string) => Date.parse(`2026-12-04T${hhmm}:00Z`);
const hourly = lengthRule({ kind: 'hourly', hourlyRateMinor: 12000, minHours: 2, maxHours: 4 });
const fixed = lengthRule({ kind: 'per_event', eventPriceMinor: 60000, eventMinutes: 240 });

test('issue 20: starts are quarter hours inside the window from which the shortest party still fits', () => {
  const w = { start: at('20:00'), end: at('23:00') };
  assert.deepEqual(
    startTimes(w, hourly).map((s) => new Date(s).toISOString().slice(11, 16)),
    ['20:00', '20:15', '20:30', '20:45', '21:00'],
  );
  // A window opening at an odd minute (notice cut) starts on the next quarter hour.
  assert.equal(new Date(startTimes({ start: at('20:07'), end: at('23:00') }, hourly)[0]!).toISOString().slice(11, 16), '20:15');
});

test('issue 20: a window too short for the minimum length offers nothing', () => {
  assert.equal(isBookableWindow({ start: at('20:00'), end: at('21:30') }, hourly), false);
  assert.equal(isBookableWindow({ start: at('20:00'), end: at('22:00') }, hourly), true);
  assert.equal(isBookableWindow({ start: at('18:00'), end: at('21:45') }, fixed), false);
  assert.equal(isBookableWindow({ start: at('18:00'), end: at('22:00') }, fixed), true);
});

test('issue 20: lengths stop at the window end and at the DJ’s maximum', () => {
  const w = { start: at('20:00'), end: at('23:00') };
  assert.deepEqual(lengthsAt(at('20:00'), w, hourly), [120, 150, 180]);
  assert.deepEqual(lengthsAt(at('20:45'), w, hourly), [120]);
  assert.deepEqual(lengthsAt(at('21:15'), w, hourly), []);
  assert.deepEqual(lengthsAt(at('18:00'), { start: at('18:00'), end: at('23:59') }, hourly), [120, 150, 180, 210, 240]);
  assert.deepEqual(lengthsAt(at('19:00'), w, hourly), [], 'a start outside the window offers nothing');
});

test('finding the window of a start, and refusing garbage starts', () => {
  const ws = [
    { start: at('10:00'), end: at('12:00') },
    { start: at('20:00'), end: at('23:00') },
  ];
  assert.equal(windowAt(ws, at('21:00')), ws[1]);
  assert.equal(windowAt(ws, at('23:00')), undefined);
  assert.equal(parseInstant('garbage'), null);
  assert.equal(parseInstant(null), null);
  assert.equal(parseInstant('2026-12-04T20:00:00.000Z'), at('20:00'));
});
