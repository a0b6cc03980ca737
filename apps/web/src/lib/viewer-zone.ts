/** The viewer's IANA time zone (kept apart from format.ts so the route table can use it without the money tables). */
export const viewerTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
