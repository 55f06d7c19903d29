// `npm run db:seed`: what a fresh install needs (prisma/seed.ts), idempotent. A file of its own so
// that importing the seed never runs it.
import { closeDb } from "../lib/db";
import { seed } from "../prisma/seed";

seed()
  .then(() => console.log("seeded"))
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(closeDb);
