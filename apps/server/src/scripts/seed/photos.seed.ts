import type { SeedStep } from './seed.ts';
import { portraitSvg, rasterise, sceneSvg } from './portraits.ts';

/** Gallery photos each demo DJ gets (the profile shows them under the header). */
export const DEMO_GALLERY_SIZE = 3;

/**
 * A generated portrait and a small gallery for every demo DJ, stored through the storage provider by the same
 * service calls a DJ's own uploads take (so they are re-encoded and served from /api/files like any photo).
 * Idempotent: a DJ who already has a photo or gallery keeps it.
 */
export const photosSeed: SeedStep = {
  name: 'DJ photos and galleries',
  async run(deps, ctx) {
    // Runs after every step that makes DJs (it is last in steps.ts), so each seeded DJ account gets pictures.
    for (const [email, userId] of ctx.users) {
      const user = await deps.auth.getUser(userId);
      if (user.role !== 'dj') continue;
      const profile = await deps.dj.getMine(user);
      if (!profile) continue;
      if (!profile.photoUrl) await deps.dj.uploadPhoto(userId, await rasterise(portraitSvg(email)));
      for (let i = profile.gallery.length; i < DEMO_GALLERY_SIZE; i++) {
        await deps.dj.addGalleryPhoto(userId, await rasterise(sceneSvg(`${email} ${i}`)));
      }
    }
  },
};
