// Imported first by main.ts, so it runs before the rest of cadre loads: from here on, threads
// share one allocator arena instead of getting their own, whose free memory malloc_trim cannot
// give back as well (memory bench: 142 MB after a burst with a release, 134 MB with this too).
import { memoryHelper } from "./memory.js";

memoryHelper()?.limitArenas(1);
