// Runs the console chat on stdin/stdout. With a TTY it shows a prompt; piped input is
// processed line by line and the process exits 0 at end of input, so it can be scripted:
//   printf '/cadre help\n' | npm start --silent
import { createInterface } from "node:readline";
import type { App } from "../../app.js";
import { startScheduler } from "../../scheduler/start.js";
import { ConsoleChat } from "./session.js";

export async function runConsole(app: App, input = process.stdin, output = process.stdout): Promise<void> {
  const tty = Boolean((input as { isTTY?: boolean }).isTTY);
  const chat = new ConsoleChat(app, (t) => output.write(t + "\n"));
  // Reminders and other deliveries due now (or missed while stopped) go out in the console too.
  await startScheduler(app);
  if (tty)
    output.write("cadre console — you are 'you' in #general. Type /cadre help, or :help for console commands.\n");
  const rl = createInterface({ input, output: tty ? output : undefined, terminal: tty, prompt: chat.prompt });
  if (tty) rl.prompt();
  // Lines are handled strictly in order, even when piped faster than they are answered.
  let queue = Promise.resolve();
  rl.on("line", (line) => {
    queue = queue.then(async () => {
      if (/^:(quit|exit|q)$/.test(line.trim())) return rl.close();
      await chat.input(line);
      if (tty) {
        rl.setPrompt(chat.prompt);
        rl.prompt();
      }
    });
  });
  await new Promise<void>((resolve) => rl.once("close", resolve));
  await queue;
}
