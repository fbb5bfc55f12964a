// npm run keys:rotate — a new credential signing key. the previous keys are retired (they
// sign nothing new) but stay in the published key set, so credentials they signed still verify.
// other running instances stop signing with the retired key within 30 seconds.
import { rotateKey } from "~/certificates/keys.server";
import { prisma } from "~/db.server";

try {
  const id = await rotateKey();
  console.log(`new signing key ${id}; ${await prisma.signingKey.count()} keys published`);
} catch (error) {
  console.error(`keys:rotate: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
