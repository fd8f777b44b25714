// What `npm start` runs (scripts/build.mjs bundles it as dist/main.mjs): the allocator's arena
// limit first, then cadre (main.ts). An ES module's imports all load before its body runs, and
// main.ts's load Prisma, luxon and zod, whose compilation already gives V8's threads arenas of
// their own (30 MB of them at ready in the memory bench): imported here, they load after it.
import "./runtime/arenas.js";
await import("./main.js");
