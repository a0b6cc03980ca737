import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidTimeZone, normalizeSampleLink } from './dj.schemas.ts';
import { findWeeklyOverlap } from '../availability/availability.schemas.ts';

describe('sample links', () => {
  const cases: [string, string | null][] = [
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
    ['https://youtu.be/dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
    ['https://m.youtube.com/shorts/dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
    ['https://music.youtube.com/watch?v=dQw4w9WgXcQ', 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'],
    [
      'https://soundcloud.com/artist/track-name',
      'https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fartist%2Ftrack-name&visual=false',
    ],
    [
      'https://www.mixcloud.com/artist/show/',
      'https://player-widget.mixcloud.com/widget/iframe/?hide_cover=1&feed=%2Fartist%2Fshow%2F',
    ],
    ['https://www.youtube.com/watch?v=short', null],
    ['https://soundcloud.com/artist', null],
    ['https://evil.example/watch?v=dQw4w9WgXcQ', null],
    ['https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ', null],
    ['javascript:alert(1)', null],
    ['not a url', null],
  ];
  for (const [input, embed] of cases) {
    test(`${input} → ${embed ?? 'refused'}`, () => {
      assert.equal(normalizeSampleLink(input)?.embedUrl ?? null, embed);
    });
  }
});

describe('weekly ranges', () => {
  test('overlaps are found, including overnight ranges and across the week boundary', () => {
    assert.deepEqual(
      findWeeklyOverlap([
        { weekday: 1, start: '10:00', end: '12:00' },
        { weekday: 1, start: '11:00', end: '13:00' },
      ]),
      [0, 1],
    );
    assert.deepEqual(
      findWeeklyOverlap([
        { weekday: 5, start: '22:00', end: '02:00' },
        { weekday: 6, start: '01:00', end: '03:00' },
      ]),
      [0, 1],
    );
    assert.deepEqual(
      findWeeklyOverlap([
        { weekday: 7, start: '22:00', end: '04:00' },
        { weekday: 1, start: '03:00', end: '05:00' },
      ]),
      [0, 1],
    );
    assert.equal(
      findWeeklyOverlap([
        { weekday: 5, start: '20:00', end: '02:00' },
        { weekday: 6, start: '02:00', end: '04:00' },
      ]),
      null,
      'touching is fine',
    );
  });
});

describe('time zones', () => {
  test('IANA names are accepted, others refused', () => {
    for (const tz of ['Europe/Berlin', 'Asia/Kathmandu', 'America/Argentina/Buenos_Aires', 'UTC'])
      assert.ok(isValidTimeZone(tz), tz);
    for (const tz of ['Mars/Base', 'Europe/Berlin; DROP', '', '../etc']) assert.ok(!isValidTimeZone(tz), tz);
  });
});
