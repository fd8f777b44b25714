// /agenda — placeholder until ILT agendas land (issue: ILT agendas).
import { defineCommand, sub } from "../src/core/command.js";
import { privately } from "../src/core/reply.js";

export default defineCommand({
  name: "agenda",
  description: "Collect ILT agenda items, time-box the meeting, rotate roles, own the follow-ups.",
  subcommands: {
    list: sub({ description: "The next meeting's agenda.", options: {}, examples: [""], run: () => privately("No team is set up yet.") }),
  },
});
