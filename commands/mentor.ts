// /mentor — placeholder until mentor logging lands (issue: Mentor logging).
import { defineCommand, sub } from "../src/core/command.js";
import { privately } from "../src/core/reply.js";

export default defineCommand({
  name: "mentor",
  description: "Log mentoring hours and topics privately; coordinators see hours, never content.",
  subcommands: {
    hours: sub({ description: "Your mentoring hours.", options: {}, examples: [""], run: () => privately("No entries yet.") }),
  },
});
