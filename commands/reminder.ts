// /reminder — placeholder until the scheduler lands (issue: Scheduler).
import { defineCommand, sub } from "../src/core/command.js";
import { privately } from "../src/core/reply.js";

export default defineCommand({
  name: "reminder",
  description: "Reminders for you or a channel, once or repeating, on time and once.",
  subcommands: {
    list: sub({ description: "Your reminders.", options: {}, examples: [""], run: () => privately("No reminders yet.") }),
  },
});
