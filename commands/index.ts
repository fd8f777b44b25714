// Every command tree, in the order help lists them.
import type { CommandDef } from "../src/core/command.js";
import session from "./session.js";
import mentor from "./mentor.js";
import agenda from "./agenda.js";
import reminder from "./reminder.js";
import cadre from "./cadre.js";

export const commands: readonly CommandDef[] = [session, mentor, agenda, reminder, cadre];
