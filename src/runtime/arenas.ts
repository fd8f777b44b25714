// Imported first by entry.ts, before the rest of cadre loads: from here on, threads that have
// no allocator arena yet share the main one instead of getting their own, whose free memory
// malloc_trim gives back less well (one memory bench run: 142 MB after the burst with releases
// alone, 134 MB with this set as early as a --require preload).
import { memoryHelper } from "./memory.js";

memoryHelper()?.limitArenas(1);
