// /session — placeholder until the sessions feature lands (issue: Sessions).
import { defineCommand, sub } from "../src/core/command.js";
import { privately } from "../src/core/reply.js";

export default defineCommand({
  name: "session",
  description: "Announce scoring trainings and PD sessions, collect RSVPs, keep attendance.",
  subcommands: {
    list: sub({ description: "Upcoming sessions.", options: {}, examples: [""], run: () => privately("No sessions yet.") }),
  },
});
