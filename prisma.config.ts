// Prisma CLI configuration. The JavaScript schema engine with a driver adapter works
// offline (no native engine download). CADRE_PRISMA_PROVIDER picks the schema; the npm
// scripts in scripts/ set it.
import { defineConfig } from "prisma/config";

const provider = process.env.CADRE_PRISMA_PROVIDER === "postgresql" ? "postgresql" : "sqlite";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `prisma/${provider}/schema.prisma`,
  async adapter() {
    if (provider === "postgresql") {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "postgresql://cadre@localhost:5432/cadre" });
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url: ":memory:" });
  },
});
