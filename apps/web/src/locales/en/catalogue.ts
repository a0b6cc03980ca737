/** This language's strings: every feature file in this folder merged (each holds its own top-level key). */
export default Object.assign(
  {},
  ...Object.values(import.meta.glob<Record<string, unknown>>('./*.json', { eager: true, import: 'default' })),
) as Record<string, unknown>;
