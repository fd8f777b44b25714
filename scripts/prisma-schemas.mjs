// npm run db:schema — regenerate prisma/{sqlite,postgresql}/schema.prisma from prisma/models.
import { writeSchemas } from "./prisma-shared.mjs";
writeSchemas();
console.log("prisma schemas written for sqlite and postgresql");
