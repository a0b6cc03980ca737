import type { Role } from '@partystream/shared/auth/auth.schemas';
import type { SeedStep } from './seed.ts';

export const DEMO_PASSWORD = 'party-demo-password';

/** The DJs' names; their profiles are added by the marketplace step. */
export const DEMO_DJS = [
  'Nova Reyes',
  'Kofi Mensah',
  'Lena Vogel',
  'Hiro Tanaka',
  'Priya Sharma',
  'Mateo Silva',
  'Chloé Martin',
  'Sam O’Connor',
  'Aisha Bello',
  'Jonas Berg',
  'Valentina Rossi',
  'Diego Herrera',
];
const HOSTS = ['Maya Chen', 'Tom Becker', 'Sofia García'];

export const usersSeed: SeedStep = {
  name: 'users',
  async run(deps, ctx) {
    const people: { email: string; name: string; role: Role }[] = [
      { email: 'admin@partystream.local', name: 'PartyStream Admin', role: 'admin' },
      ...HOSTS.map((name) => ({ email: `${slug(name)}@host.partystream.local`, name, role: 'host' as const })),
      ...DEMO_DJS.map((name) => ({ email: `${slug(name)}@dj.partystream.local`, name, role: 'dj' as const })),
    ];
    for (const p of people) {
      const existing = await deps.auth.findUserIdByEmail(p.email);
      const id =
        existing ??
        (await deps.auth.createUserDirect({ email: p.email, displayName: p.name, role: p.role, password: DEMO_PASSWORD })).id;
      ctx.users.set(p.email, id);
      ctx.logins.push({ role: p.role, email: p.email, password: DEMO_PASSWORD, name: p.name });
    }
  },
};

export function slug(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
}
