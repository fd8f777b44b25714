// defineCommand: the shape of every file in commands/. A command tree has subcommands with
// typed options, a place they may run, a minimum role and a handler returning Replies;
// button actions and a DM handler route back to the command that created them.
import type { z } from "zod";
import type { Role } from "./roles.js";
import type { CommandContext } from "./context.js";
import type { Button, HandlerResult } from "./reply.js";
import type { InputOf, OptionsShape } from "./options.js";

export type Place = "channel" | "dm";

export interface SubcommandDef<O extends OptionsShape = OptionsShape> {
  description: string;
  options: O;
  /** Where it may run; default both. */
  where?: readonly Place[];
  /** Minimum role; default member (everyone). */
  minRole?: Role;
  /** Full example invocations without the leading "/command sub", e.g. `title:"PD" when:"Dec 3 9am"`. */
  examples: readonly string[];
  /**
   * Names it had before. Typed, they are answered with the new name and nothing runs: a
   * renamed subcommand's old name may be one letter from another's (nudges, nudge).
   */
  formerly?: readonly string[];
  /**
   * Look the actor up without creating or updating their member record, so that running this
   * leaves no trace of who ran it or when (an anonymous agenda item). Their roles still apply.
   */
  untracked?: boolean;
  /**
   * It can run for seconds (a file built from many rows): platforms that may answer before
   * acknowledging (Discord) acknowledge first, so the work cannot hold the answer past the
   * platform's deadline.
   */
  long?: boolean;
  run(ctx: CommandContext, input: InputOf<O>): Promise<HandlerResult> | HandlerResult;
}

export interface ActionDef<V = unknown> {
  /** Validates the button's value string. */
  value: z.ZodType<V>;
  /**
   * Look the actor up without creating or updating their member record, so that running this
   * leaves no trace of who ran it or when (an anonymous agenda item). Their roles still apply.
   */
  untracked?: boolean;
  run(ctx: CommandContext, value: V): Promise<HandlerResult> | HandlerResult;
  /** The key its buttons are made from; defineCommand checks it names this entry. */
  key?: ActionKey<V>;
}

/**
 * A button action declared once, where cards are built (services may import it): its id
 * ("session.rsvp") and value schema. The command's action is made from the same object with
 * action(key, run), and buttons with key.button(), so a card cannot name an action that
 * does not answer it.
 */
export interface ActionKey<V> {
  readonly id: string;
  readonly value: z.ZodType<V>;
  button(label: string, value: string, style?: Button["style"]): Button;
}

export function actionKey<V>(command: string, name: string, value: z.ZodType<V>): ActionKey<V> {
  const id = `${command}.${name}`;
  return { id, value, button: (label, v, style) => ({ label, action: id, value: v, ...(style ? { style } : {}) }) };
}

export interface DmHandlerDef {
  /** Handles a plain (non-command) message in a DM with the bot. */
  run(ctx: CommandContext, text: string): Promise<HandlerResult> | HandlerResult;
}

export interface CommandDef {
  name: string;
  description: string;
  subcommands: Record<string, SubcommandDef<any>>;
  actions?: Record<string, ActionDef<any>>;
  dm?: DmHandlerDef;
}

/** Keeps each subcommand's input type tied to its options. */
export function sub<O extends OptionsShape>(def: SubcommandDef<O>): SubcommandDef<O> {
  return def;
}

export function action<V>(def: ActionDef<V>): ActionDef<V>;
/** An action answering the buttons of `key` (its value schema is the key's). */
export function action<V>(key: ActionKey<V>, run: ActionDef<V>["run"]): ActionDef<V>;
export function action<V>(a: ActionDef<V> | ActionKey<V>, run?: ActionDef<V>["run"]): ActionDef<V> {
  return "id" in a ? { key: a, value: a.value, run: run! } : a;
}

export function defineCommand<C extends CommandDef>(def: C): C {
  for (const [name, s] of Object.entries(def.subcommands)) {
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(name)) throw new Error(`bad subcommand name ${def.name} ${name}`);
    for (const old of s.formerly ?? [])
      if (Object.hasOwn(def.subcommands, old)) throw new Error(`${def.name} ${name}: former name ${old} is in use`);
    const bare = Object.values(s.options as OptionsShape).filter((o) => o.bare);
    if (bare.length > 1) throw new Error(`${def.name} ${name}: at most one bare option`);
    for (const key of Object.keys(s.options)) {
      if (!/^[a-z][a-z0-9_-]{0,31}$/.test(key)) throw new Error(`bad option name ${def.name} ${name} ${key}`);
    }
  }
  for (const [name, a] of Object.entries(def.actions ?? {}))
    if (a.key && a.key.id !== `${def.name}.${name}`)
      throw new Error(`action ${a.key.id} is registered as ${def.name}.${name}`);
  return def;
}

/** "/session announce title:... when:..." for help and errors. */
export function exampleLine(command: string, subName: string, example: string): string {
  return `/${command} ${subName}${example ? " " + example : ""}`;
}
