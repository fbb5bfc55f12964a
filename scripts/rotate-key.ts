// npm run keys:rotate — a new credential signing key. the previous keys are retired (they
// sign nothing new) but stay in the published key set, so credentials they signed still verify.
import { rotateKey } from "~/certificates/keys.server";
import { prisma } from "~/db.server";

const id = await rotateKey();
console.log(`new signing key ${id}; ${await prisma.signingKey.count()} keys published`);
await prisma.$disconnect();
