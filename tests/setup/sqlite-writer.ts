// a second server process, as far as the database can tell: one prisma client on the given
// file doing read-then-write transactions (tests/integration/sqlite-adapter.test.ts).
//   tsx tests/setup/sqlite-writer.ts <file> <prefix> <count>
const [file, prefix, count] = process.argv.slice(2);
process.env.DATABASE_URL = `file:${file}`;
process.env.LOG_LEVEL = "silent";
const { prisma, prepareDatabase } = await import("../../app/db.server");
await prepareDatabase();
let errors = 0;
for (let i = 0; i < Number(count); i++) {
  try {
    await prisma.$transaction(async (tx) => {
      // read, then write what the read decided: the next free number
      const taken = await tx.organisation.count({ where: { name: { startsWith: prefix } } });
      await new Promise((r) => setImmediate(r));
      await tx.organisation.create({
        data: { name: `${prefix}${String(taken).padStart(4, "0")}`, kind: "other" },
      });
    });
  } catch (error) {
    errors++;
    console.error(String(error).split("\n").slice(-2).join(" "));
  }
}
console.log(JSON.stringify({ errors }));
await prisma.$disconnect();
export {};
