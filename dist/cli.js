#!/usr/bin/env node
import { O as withEnvFallbacks, D as parseHeartbeatUrl, E as withHeartbeat, C as withCleanup, P as signalExitCode, F as interruption, H as HEARTBEAT_INPUT_SPECS, o as object, y as string, i as integerInput, p as parseInputs, m as parseDatabaseUrl, B as handleInterrupts } from './chunks/heartbeat.js';
import { g as getDefaultExportFromCjs, I as InputError, E as EscalationError, e as errorMessage } from './chunks/_commonjsHelpers.js';
import require$$0 from 'node:events';
import require$$1, { execFile, spawnSync } from 'node:child_process';
import path, { join, dirname, basename } from 'node:path';
import fs, { existsSync, readdirSync } from 'node:fs';
import process$1 from 'node:process';
import { f as formatBytes, b as formatDuration, c as createProgressReporter, T as TOOL_VERSION } from './chunks/notice-inputs.js';
import { r as runBackup, s as storeBackup, b as backupSummaryMarkdown } from './chunks/backup-summary.js';
import { K as BACKUP_INPUT_SPECS, L as parseBackupOptions, z as quoteTable, M as DEBIAN_CLIENT_ROOT, p as pg } from './chunks/source.js';
import { m as maskSecrets, r as registerSecret } from './chunks/secrets.js';
import { b as PRUNE_INPUT_SPECS, p as parsePruneInputs } from './chunks/artifact-backup-store.js';
import { r as runPrune, p as pruneSummaryMarkdown } from './chunks/prune-summary.js';
import { e as VERIFY_INPUT_SPECS, a as parseVerifyOptions, d as DRILL_INPUT_SPECS, p as parseDrillOptions, g as computedSha256 } from './chunks/drill-options.js';
import { r as runVerify, v as verifySummaryMarkdown } from './chunks/run-verify.js';
import { b as bucketLogStore, r as runDrill } from './chunks/run-drill.js';
import { c as connect } from './chunks/rls-probe.js';
import { a as RESTORE_INPUT_SPECS, r as runRestore, p as parseRestoreOptions } from './chunks/run-restore.js';
import { mkdtemp, writeFile, chown, rm, mkdir, copyFile, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { b as STATUS_INPUT_SPECS, p as parseStatusInputs, r as runStatus, s as statusSummaryMarkdown } from './chunks/status-summary.js';
import 'node:async_hooks';
import 'node:stream';
import 'node:stream/promises';
import './chunks/file-system.js';
import './chunks/backup-set.js';
import './chunks/s3-listing.js';
import './chunks/set-files.js';
import './chunks/s3-config.js';
import './chunks/loadSharedConfigFiles.js';
import './chunks/readFile.js';
import './chunks/configLoader.js';
import './chunks/chain.js';
import './chunks/CredentialsProviderError.js';
import './chunks/hex-encoding.js';
import './chunks/EventStreamSerdeConfig.js';
import 'node:zlib';
import './chunks/node-http-handler.js';
import 'node:https';
import './chunks/setCredentialFeature.js';
import './chunks/s3-errors.js';
import './chunks/s3-objects.js';
import 'events';
import 'buffer';
import 'stream';
import './chunks/needs.js';
import './chunks/policy.js';
import './chunks/artifact-retention.js';
import 'util';
import 'util/types';
import 'crypto';
import 'dns';
import 'fs';
import 'net';
import 'tls';
import 'path';
import 'string_decoder';
import './chunks/artifact-errors.js';
import './chunks/directory-store.js';
import './chunks/fetch-verified.js';
import './chunks/scratch-identity.js';
import './chunks/drill-log.js';
import 'node:tls';

var commander$1 = {};

var argument = {};

var error = {};

/**
 * CommanderError class
 */

var hasRequiredError;

function requireError () {
	if (hasRequiredError) return error;
	hasRequiredError = 1;
	class CommanderError extends Error {
	  /**
	   * Constructs the CommanderError class
	   * @param {number} exitCode suggested exit code which could be used with process.exit
	   * @param {string} code an id string representing the error
	   * @param {string} message human-readable description of the error
	   */
	  constructor(exitCode, code, message) {
	    super(message);
	    // properly capture stack trace in Node.js
	    Error.captureStackTrace(this, this.constructor);
	    this.name = this.constructor.name;
	    this.code = code;
	    this.exitCode = exitCode;
	    this.nestedError = undefined;
	  }
	}

	/**
	 * InvalidArgumentError class
	 */
	class InvalidArgumentError extends CommanderError {
	  /**
	   * Constructs the InvalidArgumentError class
	   * @param {string} [message] explanation of why argument is invalid
	   */
	  constructor(message) {
	    super(1, 'commander.invalidArgument', message);
	    // properly capture stack trace in Node.js
	    Error.captureStackTrace(this, this.constructor);
	    this.name = this.constructor.name;
	  }
	}

	error.CommanderError = CommanderError;
	error.InvalidArgumentError = InvalidArgumentError;
	return error;
}

var hasRequiredArgument;

function requireArgument () {
	if (hasRequiredArgument) return argument;
	hasRequiredArgument = 1;
	const { InvalidArgumentError } = requireError();

	class Argument {
	  /**
	   * Initialize a new command argument with the given name and description.
	   * The default is that the argument is required, and you can explicitly
	   * indicate this with <> around the name. Put [] around the name for an optional argument.
	   *
	   * @param {string} name
	   * @param {string} [description]
	   */

	  constructor(name, description) {
	    this.description = description || '';
	    this.variadic = false;
	    this.parseArg = undefined;
	    this.defaultValue = undefined;
	    this.defaultValueDescription = undefined;
	    this.argChoices = undefined;

	    switch (name[0]) {
	      case '<': // e.g. <required>
	        this.required = true;
	        this._name = name.slice(1, -1);
	        break;
	      case '[': // e.g. [optional]
	        this.required = false;
	        this._name = name.slice(1, -1);
	        break;
	      default:
	        this.required = true;
	        this._name = name;
	        break;
	    }

	    if (this._name.endsWith('...')) {
	      this.variadic = true;
	      this._name = this._name.slice(0, -3);
	    }
	  }

	  /**
	   * Return argument name.
	   *
	   * @return {string}
	   */

	  name() {
	    return this._name;
	  }

	  /**
	   * @package
	   */

	  _collectValue(value, previous) {
	    if (previous === this.defaultValue || !Array.isArray(previous)) {
	      return [value];
	    }

	    previous.push(value);
	    return previous;
	  }

	  /**
	   * Set the default value, and optionally supply the description to be displayed in the help.
	   *
	   * @param {*} value
	   * @param {string} [description]
	   * @return {Argument}
	   */

	  default(value, description) {
	    this.defaultValue = value;
	    this.defaultValueDescription = description;
	    return this;
	  }

	  /**
	   * Set the custom handler for processing CLI command arguments into argument values.
	   *
	   * @param {Function} [fn]
	   * @return {Argument}
	   */

	  argParser(fn) {
	    this.parseArg = fn;
	    return this;
	  }

	  /**
	   * Only allow argument value to be one of choices.
	   *
	   * @param {string[]} values
	   * @return {Argument}
	   */

	  choices(values) {
	    this.argChoices = values.slice();
	    this.parseArg = (arg, previous) => {
	      if (!this.argChoices.includes(arg)) {
	        throw new InvalidArgumentError(
	          `Allowed choices are ${this.argChoices.join(', ')}.`,
	        );
	      }
	      if (this.variadic) {
	        return this._collectValue(arg, previous);
	      }
	      return arg;
	    };
	    return this;
	  }

	  /**
	   * Make argument required.
	   *
	   * @returns {Argument}
	   */
	  argRequired() {
	    this.required = true;
	    return this;
	  }

	  /**
	   * Make argument optional.
	   *
	   * @returns {Argument}
	   */
	  argOptional() {
	    this.required = false;
	    return this;
	  }
	}

	/**
	 * Takes an argument and returns its human readable equivalent for help usage.
	 *
	 * @param {Argument} arg
	 * @return {string}
	 * @private
	 */

	function humanReadableArgName(arg) {
	  const nameOutput = arg.name() + (arg.variadic === true ? '...' : '');

	  return arg.required ? '<' + nameOutput + '>' : '[' + nameOutput + ']';
	}

	argument.Argument = Argument;
	argument.humanReadableArgName = humanReadableArgName;
	return argument;
}

var command = {};

var help = {};

var hasRequiredHelp;

function requireHelp () {
	if (hasRequiredHelp) return help;
	hasRequiredHelp = 1;
	const { humanReadableArgName } = requireArgument();

	/**
	 * TypeScript import types for JSDoc, used by Visual Studio Code IntelliSense and `npm run typescript-checkJS`
	 * https://www.typescriptlang.org/docs/handbook/jsdoc-supported-types.html#import-types
	 * @typedef { import("./argument.js").Argument } Argument
	 * @typedef { import("./command.js").Command } Command
	 * @typedef { import("./option.js").Option } Option
	 */

	// Although this is a class, methods are static in style to allow override using subclass or just functions.
	class Help {
	  constructor() {
	    this.helpWidth = undefined;
	    this.minWidthToWrap = 40;
	    this.sortSubcommands = false;
	    this.sortOptions = false;
	    this.showGlobalOptions = false;
	  }

	  /**
	   * prepareContext is called by Commander after applying overrides from `Command.configureHelp()`
	   * and just before calling `formatHelp()`.
	   *
	   * Commander just uses the helpWidth and the rest is provided for optional use by more complex subclasses.
	   *
	   * @param {{ error?: boolean, helpWidth?: number, outputHasColors?: boolean }} contextOptions
	   */
	  prepareContext(contextOptions) {
	    this.helpWidth = this.helpWidth ?? contextOptions.helpWidth ?? 80;
	  }

	  /**
	   * Get an array of the visible subcommands. Includes a placeholder for the implicit help command, if there is one.
	   *
	   * @param {Command} cmd
	   * @returns {Command[]}
	   */

	  visibleCommands(cmd) {
	    const visibleCommands = cmd.commands.filter((cmd) => !cmd._hidden);
	    const helpCommand = cmd._getHelpCommand();
	    if (helpCommand && !helpCommand._hidden) {
	      visibleCommands.push(helpCommand);
	    }
	    if (this.sortSubcommands) {
	      visibleCommands.sort((a, b) => {
	        // @ts-ignore: because overloaded return type
	        return a.name().localeCompare(b.name());
	      });
	    }
	    return visibleCommands;
	  }

	  /**
	   * Compare options for sort.
	   *
	   * @param {Option} a
	   * @param {Option} b
	   * @returns {number}
	   */
	  compareOptions(a, b) {
	    const getSortKey = (option) => {
	      // WYSIWYG for order displayed in help. Short used for comparison if present. No special handling for negated.
	      return option.short
	        ? option.short.replace(/^-/, '')
	        : option.long.replace(/^--/, '');
	    };
	    return getSortKey(a).localeCompare(getSortKey(b));
	  }

	  /**
	   * Get an array of the visible options. Includes a placeholder for the implicit help option, if there is one.
	   *
	   * @param {Command} cmd
	   * @returns {Option[]}
	   */

	  visibleOptions(cmd) {
	    const visibleOptions = cmd.options.filter((option) => !option.hidden);
	    // Built-in help option.
	    const helpOption = cmd._getHelpOption();
	    if (helpOption && !helpOption.hidden) {
	      // Automatically hide conflicting flags. Bit dubious but a historical behaviour that is convenient for single-command programs.
	      const removeShort = helpOption.short && cmd._findOption(helpOption.short);
	      const removeLong = helpOption.long && cmd._findOption(helpOption.long);
	      if (!removeShort && !removeLong) {
	        visibleOptions.push(helpOption); // no changes needed
	      } else if (helpOption.long && !removeLong) {
	        visibleOptions.push(
	          cmd.createOption(helpOption.long, helpOption.description),
	        );
	      } else if (helpOption.short && !removeShort) {
	        visibleOptions.push(
	          cmd.createOption(helpOption.short, helpOption.description),
	        );
	      }
	    }
	    if (this.sortOptions) {
	      visibleOptions.sort(this.compareOptions);
	    }
	    return visibleOptions;
	  }

	  /**
	   * Get an array of the visible global options. (Not including help.)
	   *
	   * @param {Command} cmd
	   * @returns {Option[]}
	   */

	  visibleGlobalOptions(cmd) {
	    if (!this.showGlobalOptions) return [];

	    const globalOptions = [];
	    for (
	      let ancestorCmd = cmd.parent;
	      ancestorCmd;
	      ancestorCmd = ancestorCmd.parent
	    ) {
	      const visibleOptions = ancestorCmd.options.filter(
	        (option) => !option.hidden,
	      );
	      globalOptions.push(...visibleOptions);
	    }
	    if (this.sortOptions) {
	      globalOptions.sort(this.compareOptions);
	    }
	    return globalOptions;
	  }

	  /**
	   * Get an array of the arguments if any have a description.
	   *
	   * @param {Command} cmd
	   * @returns {Argument[]}
	   */

	  visibleArguments(cmd) {
	    // Side effect! Apply the legacy descriptions before the arguments are displayed.
	    if (cmd._argsDescription) {
	      cmd.registeredArguments.forEach((argument) => {
	        argument.description =
	          argument.description || cmd._argsDescription[argument.name()] || '';
	      });
	    }

	    // If there are any arguments with a description then return all the arguments.
	    if (cmd.registeredArguments.find((argument) => argument.description)) {
	      return cmd.registeredArguments;
	    }
	    return [];
	  }

	  /**
	   * Get the command term to show in the list of subcommands.
	   *
	   * @param {Command} cmd
	   * @returns {string}
	   */

	  subcommandTerm(cmd) {
	    // Legacy. Ignores custom usage string, and nested commands.
	    const args = cmd.registeredArguments
	      .map((arg) => humanReadableArgName(arg))
	      .join(' ');
	    return (
	      cmd._name +
	      (cmd._aliases[0] ? '|' + cmd._aliases[0] : '') +
	      (cmd.options.length ? ' [options]' : '') + // simplistic check for non-help option
	      (args ? ' ' + args : '')
	    );
	  }

	  /**
	   * Get the option term to show in the list of options.
	   *
	   * @param {Option} option
	   * @returns {string}
	   */

	  optionTerm(option) {
	    return option.flags;
	  }

	  /**
	   * Get the argument term to show in the list of arguments.
	   *
	   * @param {Argument} argument
	   * @returns {string}
	   */

	  argumentTerm(argument) {
	    return argument.name();
	  }

	  /**
	   * Get the longest command term length.
	   *
	   * @param {Command} cmd
	   * @param {Help} helper
	   * @returns {number}
	   */

	  longestSubcommandTermLength(cmd, helper) {
	    return helper.visibleCommands(cmd).reduce((max, command) => {
	      return Math.max(
	        max,
	        this.displayWidth(
	          helper.styleSubcommandTerm(helper.subcommandTerm(command)),
	        ),
	      );
	    }, 0);
	  }

	  /**
	   * Get the longest option term length.
	   *
	   * @param {Command} cmd
	   * @param {Help} helper
	   * @returns {number}
	   */

	  longestOptionTermLength(cmd, helper) {
	    return helper.visibleOptions(cmd).reduce((max, option) => {
	      return Math.max(
	        max,
	        this.displayWidth(helper.styleOptionTerm(helper.optionTerm(option))),
	      );
	    }, 0);
	  }

	  /**
	   * Get the longest global option term length.
	   *
	   * @param {Command} cmd
	   * @param {Help} helper
	   * @returns {number}
	   */

	  longestGlobalOptionTermLength(cmd, helper) {
	    return helper.visibleGlobalOptions(cmd).reduce((max, option) => {
	      return Math.max(
	        max,
	        this.displayWidth(helper.styleOptionTerm(helper.optionTerm(option))),
	      );
	    }, 0);
	  }

	  /**
	   * Get the longest argument term length.
	   *
	   * @param {Command} cmd
	   * @param {Help} helper
	   * @returns {number}
	   */

	  longestArgumentTermLength(cmd, helper) {
	    return helper.visibleArguments(cmd).reduce((max, argument) => {
	      return Math.max(
	        max,
	        this.displayWidth(
	          helper.styleArgumentTerm(helper.argumentTerm(argument)),
	        ),
	      );
	    }, 0);
	  }

	  /**
	   * Get the command usage to be displayed at the top of the built-in help.
	   *
	   * @param {Command} cmd
	   * @returns {string}
	   */

	  commandUsage(cmd) {
	    // Usage
	    let cmdName = cmd._name;
	    if (cmd._aliases[0]) {
	      cmdName = cmdName + '|' + cmd._aliases[0];
	    }
	    let ancestorCmdNames = '';
	    for (
	      let ancestorCmd = cmd.parent;
	      ancestorCmd;
	      ancestorCmd = ancestorCmd.parent
	    ) {
	      ancestorCmdNames = ancestorCmd.name() + ' ' + ancestorCmdNames;
	    }
	    return ancestorCmdNames + cmdName + ' ' + cmd.usage();
	  }

	  /**
	   * Get the description for the command.
	   *
	   * @param {Command} cmd
	   * @returns {string}
	   */

	  commandDescription(cmd) {
	    // @ts-ignore: because overloaded return type
	    return cmd.description();
	  }

	  /**
	   * Get the subcommand summary to show in the list of subcommands.
	   * (Fallback to description for backwards compatibility.)
	   *
	   * @param {Command} cmd
	   * @returns {string}
	   */

	  subcommandDescription(cmd) {
	    // @ts-ignore: because overloaded return type
	    return cmd.summary() || cmd.description();
	  }

	  /**
	   * Get the option description to show in the list of options.
	   *
	   * @param {Option} option
	   * @return {string}
	   */

	  optionDescription(option) {
	    const extraInfo = [];

	    if (option.argChoices) {
	      extraInfo.push(
	        // use stringify to match the display of the default value
	        `choices: ${option.argChoices.map((choice) => JSON.stringify(choice)).join(', ')}`,
	      );
	    }
	    if (option.defaultValue !== undefined) {
	      // default for boolean and negated more for programmer than end user,
	      // but show true/false for boolean option as may be for hand-rolled env or config processing.
	      const showDefault =
	        option.required ||
	        option.optional ||
	        (option.isBoolean() && typeof option.defaultValue === 'boolean');
	      if (showDefault) {
	        extraInfo.push(
	          `default: ${option.defaultValueDescription || JSON.stringify(option.defaultValue)}`,
	        );
	      }
	    }
	    // preset for boolean and negated are more for programmer than end user
	    if (option.presetArg !== undefined && option.optional) {
	      extraInfo.push(`preset: ${JSON.stringify(option.presetArg)}`);
	    }
	    if (option.envVar !== undefined) {
	      extraInfo.push(`env: ${option.envVar}`);
	    }
	    if (extraInfo.length > 0) {
	      const extraDescription = `(${extraInfo.join(', ')})`;
	      if (option.description) {
	        return `${option.description} ${extraDescription}`;
	      }
	      return extraDescription;
	    }

	    return option.description;
	  }

	  /**
	   * Get the argument description to show in the list of arguments.
	   *
	   * @param {Argument} argument
	   * @return {string}
	   */

	  argumentDescription(argument) {
	    const extraInfo = [];
	    if (argument.argChoices) {
	      extraInfo.push(
	        // use stringify to match the display of the default value
	        `choices: ${argument.argChoices.map((choice) => JSON.stringify(choice)).join(', ')}`,
	      );
	    }
	    if (argument.defaultValue !== undefined) {
	      extraInfo.push(
	        `default: ${argument.defaultValueDescription || JSON.stringify(argument.defaultValue)}`,
	      );
	    }
	    if (extraInfo.length > 0) {
	      const extraDescription = `(${extraInfo.join(', ')})`;
	      if (argument.description) {
	        return `${argument.description} ${extraDescription}`;
	      }
	      return extraDescription;
	    }
	    return argument.description;
	  }

	  /**
	   * Format a list of items, given a heading and an array of formatted items.
	   *
	   * @param {string} heading
	   * @param {string[]} items
	   * @param {Help} helper
	   * @returns string[]
	   */
	  formatItemList(heading, items, helper) {
	    if (items.length === 0) return [];

	    return [helper.styleTitle(heading), ...items, ''];
	  }

	  /**
	   * Group items by their help group heading.
	   *
	   * @param {Command[] | Option[]} unsortedItems
	   * @param {Command[] | Option[]} visibleItems
	   * @param {Function} getGroup
	   * @returns {Map<string, Command[] | Option[]>}
	   */
	  groupItems(unsortedItems, visibleItems, getGroup) {
	    const result = new Map();
	    // Add groups in order of appearance in unsortedItems.
	    unsortedItems.forEach((item) => {
	      const group = getGroup(item);
	      if (!result.has(group)) result.set(group, []);
	    });
	    // Add items in order of appearance in visibleItems.
	    visibleItems.forEach((item) => {
	      const group = getGroup(item);
	      if (!result.has(group)) {
	        result.set(group, []);
	      }
	      result.get(group).push(item);
	    });
	    return result;
	  }

	  /**
	   * Generate the built-in help text.
	   *
	   * @param {Command} cmd
	   * @param {Help} helper
	   * @returns {string}
	   */

	  formatHelp(cmd, helper) {
	    const termWidth = helper.padWidth(cmd, helper);
	    const helpWidth = helper.helpWidth ?? 80; // in case prepareContext() was not called

	    function callFormatItem(term, description) {
	      return helper.formatItem(term, termWidth, description, helper);
	    }

	    // Usage
	    let output = [
	      `${helper.styleTitle('Usage:')} ${helper.styleUsage(helper.commandUsage(cmd))}`,
	      '',
	    ];

	    // Description
	    const commandDescription = helper.commandDescription(cmd);
	    if (commandDescription.length > 0) {
	      output = output.concat([
	        helper.boxWrap(
	          helper.styleCommandDescription(commandDescription),
	          helpWidth,
	        ),
	        '',
	      ]);
	    }

	    // Arguments
	    const argumentList = helper.visibleArguments(cmd).map((argument) => {
	      return callFormatItem(
	        helper.styleArgumentTerm(helper.argumentTerm(argument)),
	        helper.styleArgumentDescription(helper.argumentDescription(argument)),
	      );
	    });
	    output = output.concat(
	      this.formatItemList('Arguments:', argumentList, helper),
	    );

	    // Options
	    const optionGroups = this.groupItems(
	      cmd.options,
	      helper.visibleOptions(cmd),
	      (option) => option.helpGroupHeading ?? 'Options:',
	    );
	    optionGroups.forEach((options, group) => {
	      const optionList = options.map((option) => {
	        return callFormatItem(
	          helper.styleOptionTerm(helper.optionTerm(option)),
	          helper.styleOptionDescription(helper.optionDescription(option)),
	        );
	      });
	      output = output.concat(this.formatItemList(group, optionList, helper));
	    });

	    if (helper.showGlobalOptions) {
	      const globalOptionList = helper
	        .visibleGlobalOptions(cmd)
	        .map((option) => {
	          return callFormatItem(
	            helper.styleOptionTerm(helper.optionTerm(option)),
	            helper.styleOptionDescription(helper.optionDescription(option)),
	          );
	        });
	      output = output.concat(
	        this.formatItemList('Global Options:', globalOptionList, helper),
	      );
	    }

	    // Commands
	    const commandGroups = this.groupItems(
	      cmd.commands,
	      helper.visibleCommands(cmd),
	      (sub) => sub.helpGroup() || 'Commands:',
	    );
	    commandGroups.forEach((commands, group) => {
	      const commandList = commands.map((sub) => {
	        return callFormatItem(
	          helper.styleSubcommandTerm(helper.subcommandTerm(sub)),
	          helper.styleSubcommandDescription(helper.subcommandDescription(sub)),
	        );
	      });
	      output = output.concat(this.formatItemList(group, commandList, helper));
	    });

	    return output.join('\n');
	  }

	  /**
	   * Return display width of string, ignoring ANSI escape sequences. Used in padding and wrapping calculations.
	   *
	   * @param {string} str
	   * @returns {number}
	   */
	  displayWidth(str) {
	    return stripColor(str).length;
	  }

	  /**
	   * Style the title for displaying in the help. Called with 'Usage:', 'Options:', etc.
	   *
	   * @param {string} str
	   * @returns {string}
	   */
	  styleTitle(str) {
	    return str;
	  }

	  styleUsage(str) {
	    // Usage has lots of parts the user might like to color separately! Assume default usage string which is formed like:
	    //    command subcommand [options] [command] <foo> [bar]
	    return str
	      .split(' ')
	      .map((word) => {
	        if (word === '[options]') return this.styleOptionText(word);
	        if (word === '[command]') return this.styleSubcommandText(word);
	        if (word[0] === '[' || word[0] === '<')
	          return this.styleArgumentText(word);
	        return this.styleCommandText(word); // Restrict to initial words?
	      })
	      .join(' ');
	  }
	  styleCommandDescription(str) {
	    return this.styleDescriptionText(str);
	  }
	  styleOptionDescription(str) {
	    return this.styleDescriptionText(str);
	  }
	  styleSubcommandDescription(str) {
	    return this.styleDescriptionText(str);
	  }
	  styleArgumentDescription(str) {
	    return this.styleDescriptionText(str);
	  }
	  styleDescriptionText(str) {
	    return str;
	  }
	  styleOptionTerm(str) {
	    return this.styleOptionText(str);
	  }
	  styleSubcommandTerm(str) {
	    // This is very like usage with lots of parts! Assume default string which is formed like:
	    //    subcommand [options] <foo> [bar]
	    return str
	      .split(' ')
	      .map((word) => {
	        if (word === '[options]') return this.styleOptionText(word);
	        if (word[0] === '[' || word[0] === '<')
	          return this.styleArgumentText(word);
	        return this.styleSubcommandText(word); // Restrict to initial words?
	      })
	      .join(' ');
	  }
	  styleArgumentTerm(str) {
	    return this.styleArgumentText(str);
	  }
	  styleOptionText(str) {
	    return str;
	  }
	  styleArgumentText(str) {
	    return str;
	  }
	  styleSubcommandText(str) {
	    return str;
	  }
	  styleCommandText(str) {
	    return str;
	  }

	  /**
	   * Calculate the pad width from the maximum term length.
	   *
	   * @param {Command} cmd
	   * @param {Help} helper
	   * @returns {number}
	   */

	  padWidth(cmd, helper) {
	    return Math.max(
	      helper.longestOptionTermLength(cmd, helper),
	      helper.longestGlobalOptionTermLength(cmd, helper),
	      helper.longestSubcommandTermLength(cmd, helper),
	      helper.longestArgumentTermLength(cmd, helper),
	    );
	  }

	  /**
	   * Detect manually wrapped and indented strings by checking for line break followed by whitespace.
	   *
	   * @param {string} str
	   * @returns {boolean}
	   */
	  preformatted(str) {
	    return /\n[^\S\r\n]/.test(str);
	  }

	  /**
	   * Format the "item", which consists of a term and description. Pad the term and wrap the description, indenting the following lines.
	   *
	   * So "TTT", 5, "DDD DDDD DD DDD" might be formatted for this.helpWidth=17 like so:
	   *   TTT  DDD DDDD
	   *        DD DDD
	   *
	   * @param {string} term
	   * @param {number} termWidth
	   * @param {string} description
	   * @param {Help} helper
	   * @returns {string}
	   */
	  formatItem(term, termWidth, description, helper) {
	    const itemIndent = 2;
	    const itemIndentStr = ' '.repeat(itemIndent);
	    if (!description) return itemIndentStr + term;

	    // Pad the term out to a consistent width, so descriptions are aligned.
	    const paddedTerm = term.padEnd(
	      termWidth + term.length - helper.displayWidth(term),
	    );

	    // Format the description.
	    const spacerWidth = 2; // between term and description
	    const helpWidth = this.helpWidth ?? 80; // in case prepareContext() was not called
	    const remainingWidth = helpWidth - termWidth - spacerWidth - itemIndent;
	    let formattedDescription;
	    if (
	      remainingWidth < this.minWidthToWrap ||
	      helper.preformatted(description)
	    ) {
	      formattedDescription = description;
	    } else {
	      const wrappedDescription = helper.boxWrap(description, remainingWidth);
	      formattedDescription = wrappedDescription.replace(
	        /\n/g,
	        '\n' + ' '.repeat(termWidth + spacerWidth),
	      );
	    }

	    // Construct and overall indent.
	    return (
	      itemIndentStr +
	      paddedTerm +
	      ' '.repeat(spacerWidth) +
	      formattedDescription.replace(/\n/g, `\n${itemIndentStr}`)
	    );
	  }

	  /**
	   * Wrap a string at whitespace, preserving existing line breaks.
	   * Wrapping is skipped if the width is less than `minWidthToWrap`.
	   *
	   * @param {string} str
	   * @param {number} width
	   * @returns {string}
	   */
	  boxWrap(str, width) {
	    if (width < this.minWidthToWrap) return str;

	    const rawLines = str.split(/\r\n|\n/);
	    // split up text by whitespace
	    const chunkPattern = /[\s]*[^\s]+/g;
	    const wrappedLines = [];
	    rawLines.forEach((line) => {
	      const chunks = line.match(chunkPattern);
	      if (chunks === null) {
	        wrappedLines.push('');
	        return;
	      }

	      let sumChunks = [chunks.shift()];
	      let sumWidth = this.displayWidth(sumChunks[0]);
	      chunks.forEach((chunk) => {
	        const visibleWidth = this.displayWidth(chunk);
	        // Accumulate chunks while they fit into width.
	        if (sumWidth + visibleWidth <= width) {
	          sumChunks.push(chunk);
	          sumWidth += visibleWidth;
	          return;
	        }
	        wrappedLines.push(sumChunks.join(''));

	        const nextChunk = chunk.trimStart(); // trim space at line break
	        sumChunks = [nextChunk];
	        sumWidth = this.displayWidth(nextChunk);
	      });
	      wrappedLines.push(sumChunks.join(''));
	    });

	    return wrappedLines.join('\n');
	  }
	}

	/**
	 * Strip style ANSI escape sequences from the string. In particular, SGR (Select Graphic Rendition) codes.
	 *
	 * @param {string} str
	 * @returns {string}
	 * @package
	 */

	function stripColor(str) {
	  // eslint-disable-next-line no-control-regex
	  const sgrPattern = /\x1b\[\d*(;\d*)*m/g;
	  return str.replace(sgrPattern, '');
	}

	help.Help = Help;
	help.stripColor = stripColor;
	return help;
}

var option = {};

var hasRequiredOption;

function requireOption () {
	if (hasRequiredOption) return option;
	hasRequiredOption = 1;
	const { InvalidArgumentError } = requireError();

	class Option {
	  /**
	   * Initialize a new `Option` with the given `flags` and `description`.
	   *
	   * @param {string} flags
	   * @param {string} [description]
	   */

	  constructor(flags, description) {
	    this.flags = flags;
	    this.description = description || '';

	    this.required = flags.includes('<'); // A value must be supplied when the option is specified.
	    this.optional = flags.includes('['); // A value is optional when the option is specified.
	    // variadic test ignores <value,...> et al which might be used to describe custom splitting of single argument
	    this.variadic = /\w\.\.\.[>\]]$/.test(flags); // The option can take multiple values.
	    this.mandatory = false; // The option must have a value after parsing, which usually means it must be specified on command line.
	    const optionFlags = splitOptionFlags(flags);
	    this.short = optionFlags.shortFlag; // May be a short flag, undefined, or even a long flag (if option has two long flags).
	    this.long = optionFlags.longFlag;
	    this.negate = false;
	    if (this.long) {
	      this.negate = this.long.startsWith('--no-');
	    }
	    this.defaultValue = undefined;
	    this.defaultValueDescription = undefined;
	    this.presetArg = undefined;
	    this.envVar = undefined;
	    this.parseArg = undefined;
	    this.hidden = false;
	    this.argChoices = undefined;
	    this.conflictsWith = [];
	    this.implied = undefined;
	    this.helpGroupHeading = undefined; // soft initialised when option added to command
	  }

	  /**
	   * Set the default value, and optionally supply the description to be displayed in the help.
	   *
	   * @param {*} value
	   * @param {string} [description]
	   * @return {Option}
	   */

	  default(value, description) {
	    this.defaultValue = value;
	    this.defaultValueDescription = description;
	    return this;
	  }

	  /**
	   * Preset to use when option used without option-argument, especially optional but also boolean and negated.
	   * The custom processing (parseArg) is called.
	   *
	   * @example
	   * new Option('--color').default('GREYSCALE').preset('RGB');
	   * new Option('--donate [amount]').preset('20').argParser(parseFloat);
	   *
	   * @param {*} arg
	   * @return {Option}
	   */

	  preset(arg) {
	    this.presetArg = arg;
	    return this;
	  }

	  /**
	   * Add option name(s) that conflict with this option.
	   * An error will be displayed if conflicting options are found during parsing.
	   *
	   * @example
	   * new Option('--rgb').conflicts('cmyk');
	   * new Option('--js').conflicts(['ts', 'jsx']);
	   *
	   * @param {(string | string[])} names
	   * @return {Option}
	   */

	  conflicts(names) {
	    this.conflictsWith = this.conflictsWith.concat(names);
	    return this;
	  }

	  /**
	   * Specify implied option values for when this option is set and the implied options are not.
	   *
	   * The custom processing (parseArg) is not called on the implied values.
	   *
	   * @example
	   * program
	   *   .addOption(new Option('--log', 'write logging information to file'))
	   *   .addOption(new Option('--trace', 'log extra details').implies({ log: 'trace.txt' }));
	   *
	   * @param {object} impliedOptionValues
	   * @return {Option}
	   */
	  implies(impliedOptionValues) {
	    let newImplied = impliedOptionValues;
	    if (typeof impliedOptionValues === 'string') {
	      // string is not documented, but easy mistake and we can do what user probably intended.
	      newImplied = { [impliedOptionValues]: true };
	    }
	    this.implied = Object.assign(this.implied || {}, newImplied);
	    return this;
	  }

	  /**
	   * Set environment variable to check for option value.
	   *
	   * An environment variable is only used if when processed the current option value is
	   * undefined, or the source of the current value is 'default' or 'config' or 'env'.
	   *
	   * @param {string} name
	   * @return {Option}
	   */

	  env(name) {
	    this.envVar = name;
	    return this;
	  }

	  /**
	   * Set the custom handler for processing CLI option arguments into option values.
	   *
	   * @param {Function} [fn]
	   * @return {Option}
	   */

	  argParser(fn) {
	    this.parseArg = fn;
	    return this;
	  }

	  /**
	   * Whether the option is mandatory and must have a value after parsing.
	   *
	   * @param {boolean} [mandatory=true]
	   * @return {Option}
	   */

	  makeOptionMandatory(mandatory = true) {
	    this.mandatory = !!mandatory;
	    return this;
	  }

	  /**
	   * Hide option in help.
	   *
	   * @param {boolean} [hide=true]
	   * @return {Option}
	   */

	  hideHelp(hide = true) {
	    this.hidden = !!hide;
	    return this;
	  }

	  /**
	   * @package
	   */

	  _collectValue(value, previous) {
	    if (previous === this.defaultValue || !Array.isArray(previous)) {
	      return [value];
	    }

	    previous.push(value);
	    return previous;
	  }

	  /**
	   * Only allow option value to be one of choices.
	   *
	   * @param {string[]} values
	   * @return {Option}
	   */

	  choices(values) {
	    this.argChoices = values.slice();
	    this.parseArg = (arg, previous) => {
	      if (!this.argChoices.includes(arg)) {
	        throw new InvalidArgumentError(
	          `Allowed choices are ${this.argChoices.join(', ')}.`,
	        );
	      }
	      if (this.variadic) {
	        return this._collectValue(arg, previous);
	      }
	      return arg;
	    };
	    return this;
	  }

	  /**
	   * Return option name.
	   *
	   * @return {string}
	   */

	  name() {
	    if (this.long) {
	      return this.long.replace(/^--/, '');
	    }
	    return this.short.replace(/^-/, '');
	  }

	  /**
	   * Return option name, in a camelcase format that can be used
	   * as an object attribute key.
	   *
	   * @return {string}
	   */

	  attributeName() {
	    if (this.negate) {
	      return camelcase(this.name().replace(/^no-/, ''));
	    }
	    return camelcase(this.name());
	  }

	  /**
	   * Set the help group heading.
	   *
	   * @param {string} heading
	   * @return {Option}
	   */
	  helpGroup(heading) {
	    this.helpGroupHeading = heading;
	    return this;
	  }

	  /**
	   * Check if `arg` matches the short or long flag.
	   *
	   * @param {string} arg
	   * @return {boolean}
	   * @package
	   */

	  is(arg) {
	    return this.short === arg || this.long === arg;
	  }

	  /**
	   * Return whether a boolean option.
	   *
	   * Options are one of boolean, negated, required argument, or optional argument.
	   *
	   * @return {boolean}
	   * @package
	   */

	  isBoolean() {
	    return !this.required && !this.optional && !this.negate;
	  }
	}

	/**
	 * This class is to make it easier to work with dual options, without changing the existing
	 * implementation. We support separate dual options for separate positive and negative options,
	 * like `--build` and `--no-build`, which share a single option value. This works nicely for some
	 * use cases, but is tricky for others where we want separate behaviours despite
	 * the single shared option value.
	 */
	class DualOptions {
	  /**
	   * @param {Option[]} options
	   */
	  constructor(options) {
	    this.positiveOptions = new Map();
	    this.negativeOptions = new Map();
	    this.dualOptions = new Set();
	    options.forEach((option) => {
	      if (option.negate) {
	        this.negativeOptions.set(option.attributeName(), option);
	      } else {
	        this.positiveOptions.set(option.attributeName(), option);
	      }
	    });
	    this.negativeOptions.forEach((value, key) => {
	      if (this.positiveOptions.has(key)) {
	        this.dualOptions.add(key);
	      }
	    });
	  }

	  /**
	   * Did the value come from the option, and not from possible matching dual option?
	   *
	   * @param {*} value
	   * @param {Option} option
	   * @returns {boolean}
	   */
	  valueFromOption(value, option) {
	    const optionKey = option.attributeName();
	    if (!this.dualOptions.has(optionKey)) return true;

	    // Use the value to deduce if (probably) came from the option.
	    const preset = this.negativeOptions.get(optionKey).presetArg;
	    const negativeValue = preset !== undefined ? preset : false;
	    return option.negate === (negativeValue === value);
	  }
	}

	/**
	 * Convert string from kebab-case to camelCase.
	 *
	 * @param {string} str
	 * @return {string}
	 * @private
	 */

	function camelcase(str) {
	  return str.split('-').reduce((str, word) => {
	    return str + word[0].toUpperCase() + word.slice(1);
	  });
	}

	/**
	 * Split the short and long flag out of something like '-m,--mixed <value>'
	 *
	 * @private
	 */

	function splitOptionFlags(flags) {
	  let shortFlag;
	  let longFlag;
	  // short flag, single dash and single character
	  const shortFlagExp = /^-[^-]$/;
	  // long flag, double dash and at least one character
	  const longFlagExp = /^--[^-]/;

	  const flagParts = flags.split(/[ |,]+/).concat('guard');
	  // Normal is short and/or long.
	  if (shortFlagExp.test(flagParts[0])) shortFlag = flagParts.shift();
	  if (longFlagExp.test(flagParts[0])) longFlag = flagParts.shift();
	  // Long then short. Rarely used but fine.
	  if (!shortFlag && shortFlagExp.test(flagParts[0]))
	    shortFlag = flagParts.shift();
	  // Allow two long flags, like '--ws, --workspace'
	  // This is the supported way to have a shortish option flag.
	  if (!shortFlag && longFlagExp.test(flagParts[0])) {
	    shortFlag = longFlag;
	    longFlag = flagParts.shift();
	  }

	  // Check for unprocessed flag. Fail noisily rather than silently ignore.
	  if (flagParts[0].startsWith('-')) {
	    const unsupportedFlag = flagParts[0];
	    const baseError = `option creation failed due to '${unsupportedFlag}' in option flags '${flags}'`;
	    if (/^-[^-][^-]/.test(unsupportedFlag))
	      throw new Error(
	        `${baseError}
- a short flag is a single dash and a single character
  - either use a single dash and a single character (for a short flag)
  - or use a double dash for a long option (and can have two, like '--ws, --workspace')`,
	      );
	    if (shortFlagExp.test(unsupportedFlag))
	      throw new Error(`${baseError}
- too many short flags`);
	    if (longFlagExp.test(unsupportedFlag))
	      throw new Error(`${baseError}
- too many long flags`);

	    throw new Error(`${baseError}
- unrecognised flag format`);
	  }
	  if (shortFlag === undefined && longFlag === undefined)
	    throw new Error(
	      `option creation failed due to no flags found in '${flags}'.`,
	    );

	  return { shortFlag, longFlag };
	}

	option.Option = Option;
	option.DualOptions = DualOptions;
	return option;
}

var suggestSimilar = {};

var hasRequiredSuggestSimilar;

function requireSuggestSimilar () {
	if (hasRequiredSuggestSimilar) return suggestSimilar;
	hasRequiredSuggestSimilar = 1;
	const maxDistance = 3;

	function editDistance(a, b) {
	  // https://en.wikipedia.org/wiki/Damerau–Levenshtein_distance
	  // Calculating optimal string alignment distance, no substring is edited more than once.
	  // (Simple implementation.)

	  // Quick early exit, return worst case.
	  if (Math.abs(a.length - b.length) > maxDistance)
	    return Math.max(a.length, b.length);

	  // distance between prefix substrings of a and b
	  const d = [];

	  // pure deletions turn a into empty string
	  for (let i = 0; i <= a.length; i++) {
	    d[i] = [i];
	  }
	  // pure insertions turn empty string into b
	  for (let j = 0; j <= b.length; j++) {
	    d[0][j] = j;
	  }

	  // fill matrix
	  for (let j = 1; j <= b.length; j++) {
	    for (let i = 1; i <= a.length; i++) {
	      let cost = 1;
	      if (a[i - 1] === b[j - 1]) {
	        cost = 0;
	      } else {
	        cost = 1;
	      }
	      d[i][j] = Math.min(
	        d[i - 1][j] + 1, // deletion
	        d[i][j - 1] + 1, // insertion
	        d[i - 1][j - 1] + cost, // substitution
	      );
	      // transposition
	      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
	        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
	      }
	    }
	  }

	  return d[a.length][b.length];
	}

	/**
	 * Find close matches, restricted to same number of edits.
	 *
	 * @param {string} word
	 * @param {string[]} candidates
	 * @returns {string}
	 */

	function suggestSimilar$1(word, candidates) {
	  if (!candidates || candidates.length === 0) return '';
	  // remove possible duplicates
	  candidates = Array.from(new Set(candidates));

	  const searchingOptions = word.startsWith('--');
	  if (searchingOptions) {
	    word = word.slice(2);
	    candidates = candidates.map((candidate) => candidate.slice(2));
	  }

	  let similar = [];
	  let bestDistance = maxDistance;
	  const minSimilarity = 0.4;
	  candidates.forEach((candidate) => {
	    if (candidate.length <= 1) return; // no one character guesses

	    const distance = editDistance(word, candidate);
	    const length = Math.max(word.length, candidate.length);
	    const similarity = (length - distance) / length;
	    if (similarity > minSimilarity) {
	      if (distance < bestDistance) {
	        // better edit distance, throw away previous worse matches
	        bestDistance = distance;
	        similar = [candidate];
	      } else if (distance === bestDistance) {
	        similar.push(candidate);
	      }
	    }
	  });

	  similar.sort((a, b) => a.localeCompare(b));
	  if (searchingOptions) {
	    similar = similar.map((candidate) => `--${candidate}`);
	  }

	  if (similar.length > 1) {
	    return `\n(Did you mean one of ${similar.join(', ')}?)`;
	  }
	  if (similar.length === 1) {
	    return `\n(Did you mean ${similar[0]}?)`;
	  }
	  return '';
	}

	suggestSimilar.suggestSimilar = suggestSimilar$1;
	return suggestSimilar;
}

var hasRequiredCommand;

function requireCommand () {
	if (hasRequiredCommand) return command;
	hasRequiredCommand = 1;
	const EventEmitter = require$$0.EventEmitter;
	const childProcess = require$$1;
	const path$1 = path;
	const fs$1 = fs;
	const process = process$1;

	const { Argument, humanReadableArgName } = requireArgument();
	const { CommanderError } = requireError();
	const { Help, stripColor } = requireHelp();
	const { Option, DualOptions } = requireOption();
	const { suggestSimilar } = requireSuggestSimilar();

	class Command extends EventEmitter {
	  /**
	   * Initialize a new `Command`.
	   *
	   * @param {string} [name]
	   */

	  constructor(name) {
	    super();
	    /** @type {Command[]} */
	    this.commands = [];
	    /** @type {Option[]} */
	    this.options = [];
	    this.parent = null;
	    this._allowUnknownOption = false;
	    this._allowExcessArguments = false;
	    /** @type {Argument[]} */
	    this.registeredArguments = [];
	    this._args = this.registeredArguments; // deprecated old name
	    /** @type {string[]} */
	    this.args = []; // cli args with options removed
	    this.rawArgs = [];
	    this.processedArgs = []; // like .args but after custom processing and collecting variadic
	    this._scriptPath = null;
	    this._name = name || '';
	    this._optionValues = {};
	    this._optionValueSources = {}; // default, env, cli etc
	    this._storeOptionsAsProperties = false;
	    this._actionHandler = null;
	    this._executableHandler = false;
	    this._executableFile = null; // custom name for executable
	    this._executableDir = null; // custom search directory for subcommands
	    this._defaultCommandName = null;
	    this._exitCallback = null;
	    this._aliases = [];
	    this._combineFlagAndOptionalValue = true;
	    this._description = '';
	    this._summary = '';
	    this._argsDescription = undefined; // legacy
	    this._enablePositionalOptions = false;
	    this._passThroughOptions = false;
	    this._lifeCycleHooks = {}; // a hash of arrays
	    /** @type {(boolean | string)} */
	    this._showHelpAfterError = false;
	    this._showSuggestionAfterError = true;
	    this._savedState = null; // used in save/restoreStateBeforeParse

	    // see configureOutput() for docs
	    this._outputConfiguration = {
	      writeOut: (str) => process.stdout.write(str),
	      writeErr: (str) => process.stderr.write(str),
	      outputError: (str, write) => write(str),
	      getOutHelpWidth: () =>
	        process.stdout.isTTY ? process.stdout.columns : undefined,
	      getErrHelpWidth: () =>
	        process.stderr.isTTY ? process.stderr.columns : undefined,
	      getOutHasColors: () =>
	        useColor() ?? (process.stdout.isTTY && process.stdout.hasColors?.()),
	      getErrHasColors: () =>
	        useColor() ?? (process.stderr.isTTY && process.stderr.hasColors?.()),
	      stripColor: (str) => stripColor(str),
	    };

	    this._hidden = false;
	    /** @type {(Option | null | undefined)} */
	    this._helpOption = undefined; // Lazy created on demand. May be null if help option is disabled.
	    this._addImplicitHelpCommand = undefined; // undecided whether true or false yet, not inherited
	    /** @type {Command} */
	    this._helpCommand = undefined; // lazy initialised, inherited
	    this._helpConfiguration = {};
	    /** @type {string | undefined} */
	    this._helpGroupHeading = undefined; // soft initialised when added to parent
	    /** @type {string | undefined} */
	    this._defaultCommandGroup = undefined;
	    /** @type {string | undefined} */
	    this._defaultOptionGroup = undefined;
	  }

	  /**
	   * Copy settings that are useful to have in common across root command and subcommands.
	   *
	   * (Used internally when adding a command using `.command()` so subcommands inherit parent settings.)
	   *
	   * @param {Command} sourceCommand
	   * @return {Command} `this` command for chaining
	   */
	  copyInheritedSettings(sourceCommand) {
	    this._outputConfiguration = sourceCommand._outputConfiguration;
	    this._helpOption = sourceCommand._helpOption;
	    this._helpCommand = sourceCommand._helpCommand;
	    this._helpConfiguration = sourceCommand._helpConfiguration;
	    this._exitCallback = sourceCommand._exitCallback;
	    this._storeOptionsAsProperties = sourceCommand._storeOptionsAsProperties;
	    this._combineFlagAndOptionalValue =
	      sourceCommand._combineFlagAndOptionalValue;
	    this._allowExcessArguments = sourceCommand._allowExcessArguments;
	    this._enablePositionalOptions = sourceCommand._enablePositionalOptions;
	    this._showHelpAfterError = sourceCommand._showHelpAfterError;
	    this._showSuggestionAfterError = sourceCommand._showSuggestionAfterError;

	    return this;
	  }

	  /**
	   * @returns {Command[]}
	   * @private
	   */

	  _getCommandAndAncestors() {
	    const result = [];
	    // eslint-disable-next-line @typescript-eslint/no-this-alias
	    for (let command = this; command; command = command.parent) {
	      result.push(command);
	    }
	    return result;
	  }

	  /**
	   * Define a command.
	   *
	   * There are two styles of command: pay attention to where to put the description.
	   *
	   * @example
	   * // Command implemented using action handler (description is supplied separately to `.command`)
	   * program
	   *   .command('clone <source> [destination]')
	   *   .description('clone a repository into a newly created directory')
	   *   .action((source, destination) => {
	   *     console.log('clone command called');
	   *   });
	   *
	   * // Command implemented using separate executable file (description is second parameter to `.command`)
	   * program
	   *   .command('start <service>', 'start named service')
	   *   .command('stop [service]', 'stop named service, or all if no name supplied');
	   *
	   * @param {string} nameAndArgs - command name and arguments, args are `<required>` or `[optional]` and last may also be `variadic...`
	   * @param {(object | string)} [actionOptsOrExecDesc] - configuration options (for action), or description (for executable)
	   * @param {object} [execOpts] - configuration options (for executable)
	   * @return {Command} returns new command for action handler, or `this` for executable command
	   */

	  command(nameAndArgs, actionOptsOrExecDesc, execOpts) {
	    let desc = actionOptsOrExecDesc;
	    let opts = execOpts;
	    if (typeof desc === 'object' && desc !== null) {
	      opts = desc;
	      desc = null;
	    }
	    opts = opts || {};
	    const [, name, args] = nameAndArgs.match(/([^ ]+) *(.*)/);

	    const cmd = this.createCommand(name);
	    if (desc) {
	      cmd.description(desc);
	      cmd._executableHandler = true;
	    }
	    if (opts.isDefault) this._defaultCommandName = cmd._name;
	    cmd._hidden = !!(opts.noHelp || opts.hidden); // noHelp is deprecated old name for hidden
	    cmd._executableFile = opts.executableFile || null; // Custom name for executable file, set missing to null to match constructor
	    if (args) cmd.arguments(args);
	    this._registerCommand(cmd);
	    cmd.parent = this;
	    cmd.copyInheritedSettings(this);

	    if (desc) return this;
	    return cmd;
	  }

	  /**
	   * Factory routine to create a new unattached command.
	   *
	   * See .command() for creating an attached subcommand, which uses this routine to
	   * create the command. You can override createCommand to customise subcommands.
	   *
	   * @param {string} [name]
	   * @return {Command} new command
	   */

	  createCommand(name) {
	    return new Command(name);
	  }

	  /**
	   * You can customise the help with a subclass of Help by overriding createHelp,
	   * or by overriding Help properties using configureHelp().
	   *
	   * @return {Help}
	   */

	  createHelp() {
	    return Object.assign(new Help(), this.configureHelp());
	  }

	  /**
	   * You can customise the help by overriding Help properties using configureHelp(),
	   * or with a subclass of Help by overriding createHelp().
	   *
	   * @param {object} [configuration] - configuration options
	   * @return {(Command | object)} `this` command for chaining, or stored configuration
	   */

	  configureHelp(configuration) {
	    if (configuration === undefined) return this._helpConfiguration;

	    this._helpConfiguration = configuration;
	    return this;
	  }

	  /**
	   * The default output goes to stdout and stderr. You can customise this for special
	   * applications. You can also customise the display of errors by overriding outputError.
	   *
	   * The configuration properties are all functions:
	   *
	   *     // change how output being written, defaults to stdout and stderr
	   *     writeOut(str)
	   *     writeErr(str)
	   *     // change how output being written for errors, defaults to writeErr
	   *     outputError(str, write) // used for displaying errors and not used for displaying help
	   *     // specify width for wrapping help
	   *     getOutHelpWidth()
	   *     getErrHelpWidth()
	   *     // color support, currently only used with Help
	   *     getOutHasColors()
	   *     getErrHasColors()
	   *     stripColor() // used to remove ANSI escape codes if output does not have colors
	   *
	   * @param {object} [configuration] - configuration options
	   * @return {(Command | object)} `this` command for chaining, or stored configuration
	   */

	  configureOutput(configuration) {
	    if (configuration === undefined) return this._outputConfiguration;

	    this._outputConfiguration = {
	      ...this._outputConfiguration,
	      ...configuration,
	    };
	    return this;
	  }

	  /**
	   * Display the help or a custom message after an error occurs.
	   *
	   * @param {(boolean|string)} [displayHelp]
	   * @return {Command} `this` command for chaining
	   */
	  showHelpAfterError(displayHelp = true) {
	    if (typeof displayHelp !== 'string') displayHelp = !!displayHelp;
	    this._showHelpAfterError = displayHelp;
	    return this;
	  }

	  /**
	   * Display suggestion of similar commands for unknown commands, or options for unknown options.
	   *
	   * @param {boolean} [displaySuggestion]
	   * @return {Command} `this` command for chaining
	   */
	  showSuggestionAfterError(displaySuggestion = true) {
	    this._showSuggestionAfterError = !!displaySuggestion;
	    return this;
	  }

	  /**
	   * Add a prepared subcommand.
	   *
	   * See .command() for creating an attached subcommand which inherits settings from its parent.
	   *
	   * @param {Command} cmd - new subcommand
	   * @param {object} [opts] - configuration options
	   * @return {Command} `this` command for chaining
	   */

	  addCommand(cmd, opts) {
	    if (!cmd._name) {
	      throw new Error(`Command passed to .addCommand() must have a name
- specify the name in Command constructor or using .name()`);
	    }

	    opts = opts || {};
	    if (opts.isDefault) this._defaultCommandName = cmd._name;
	    if (opts.noHelp || opts.hidden) cmd._hidden = true; // modifying passed command due to existing implementation

	    this._registerCommand(cmd);
	    cmd.parent = this;
	    cmd._checkForBrokenPassThrough();

	    return this;
	  }

	  /**
	   * Factory routine to create a new unattached argument.
	   *
	   * See .argument() for creating an attached argument, which uses this routine to
	   * create the argument. You can override createArgument to return a custom argument.
	   *
	   * @param {string} name
	   * @param {string} [description]
	   * @return {Argument} new argument
	   */

	  createArgument(name, description) {
	    return new Argument(name, description);
	  }

	  /**
	   * Define argument syntax for command.
	   *
	   * The default is that the argument is required, and you can explicitly
	   * indicate this with <> around the name. Put [] around the name for an optional argument.
	   *
	   * @example
	   * program.argument('<input-file>');
	   * program.argument('[output-file]');
	   *
	   * @param {string} name
	   * @param {string} [description]
	   * @param {(Function|*)} [parseArg] - custom argument processing function or default value
	   * @param {*} [defaultValue]
	   * @return {Command} `this` command for chaining
	   */
	  argument(name, description, parseArg, defaultValue) {
	    const argument = this.createArgument(name, description);
	    if (typeof parseArg === 'function') {
	      argument.default(defaultValue).argParser(parseArg);
	    } else {
	      argument.default(parseArg);
	    }
	    this.addArgument(argument);
	    return this;
	  }

	  /**
	   * Define argument syntax for command, adding multiple at once (without descriptions).
	   *
	   * See also .argument().
	   *
	   * @example
	   * program.arguments('<cmd> [env]');
	   *
	   * @param {string} names
	   * @return {Command} `this` command for chaining
	   */

	  arguments(names) {
	    names
	      .trim()
	      .split(/ +/)
	      .forEach((detail) => {
	        this.argument(detail);
	      });
	    return this;
	  }

	  /**
	   * Define argument syntax for command, adding a prepared argument.
	   *
	   * @param {Argument} argument
	   * @return {Command} `this` command for chaining
	   */
	  addArgument(argument) {
	    const previousArgument = this.registeredArguments.slice(-1)[0];
	    if (previousArgument?.variadic) {
	      throw new Error(
	        `only the last argument can be variadic '${previousArgument.name()}'`,
	      );
	    }
	    if (
	      argument.required &&
	      argument.defaultValue !== undefined &&
	      argument.parseArg === undefined
	    ) {
	      throw new Error(
	        `a default value for a required argument is never used: '${argument.name()}'`,
	      );
	    }
	    this.registeredArguments.push(argument);
	    return this;
	  }

	  /**
	   * Customise or override default help command. By default a help command is automatically added if your command has subcommands.
	   *
	   * @example
	   *    program.helpCommand('help [cmd]');
	   *    program.helpCommand('help [cmd]', 'show help');
	   *    program.helpCommand(false); // suppress default help command
	   *    program.helpCommand(true); // add help command even if no subcommands
	   *
	   * @param {string|boolean} enableOrNameAndArgs - enable with custom name and/or arguments, or boolean to override whether added
	   * @param {string} [description] - custom description
	   * @return {Command} `this` command for chaining
	   */

	  helpCommand(enableOrNameAndArgs, description) {
	    if (typeof enableOrNameAndArgs === 'boolean') {
	      this._addImplicitHelpCommand = enableOrNameAndArgs;
	      if (enableOrNameAndArgs && this._defaultCommandGroup) {
	        // make the command to store the group
	        this._initCommandGroup(this._getHelpCommand());
	      }
	      return this;
	    }

	    const nameAndArgs = enableOrNameAndArgs ?? 'help [command]';
	    const [, helpName, helpArgs] = nameAndArgs.match(/([^ ]+) *(.*)/);
	    const helpDescription = description ?? 'display help for command';

	    const helpCommand = this.createCommand(helpName);
	    helpCommand.helpOption(false);
	    if (helpArgs) helpCommand.arguments(helpArgs);
	    if (helpDescription) helpCommand.description(helpDescription);

	    this._addImplicitHelpCommand = true;
	    this._helpCommand = helpCommand;
	    // init group unless lazy create
	    if (enableOrNameAndArgs || description) this._initCommandGroup(helpCommand);

	    return this;
	  }

	  /**
	   * Add prepared custom help command.
	   *
	   * @param {(Command|string|boolean)} helpCommand - custom help command, or deprecated enableOrNameAndArgs as for `.helpCommand()`
	   * @param {string} [deprecatedDescription] - deprecated custom description used with custom name only
	   * @return {Command} `this` command for chaining
	   */
	  addHelpCommand(helpCommand, deprecatedDescription) {
	    // If not passed an object, call through to helpCommand for backwards compatibility,
	    // as addHelpCommand was originally used like helpCommand is now.
	    if (typeof helpCommand !== 'object') {
	      this.helpCommand(helpCommand, deprecatedDescription);
	      return this;
	    }

	    this._addImplicitHelpCommand = true;
	    this._helpCommand = helpCommand;
	    this._initCommandGroup(helpCommand);
	    return this;
	  }

	  /**
	   * Lazy create help command.
	   *
	   * @return {(Command|null)}
	   * @package
	   */
	  _getHelpCommand() {
	    const hasImplicitHelpCommand =
	      this._addImplicitHelpCommand ??
	      (this.commands.length &&
	        !this._actionHandler &&
	        !this._findCommand('help'));

	    if (hasImplicitHelpCommand) {
	      if (this._helpCommand === undefined) {
	        this.helpCommand(undefined, undefined); // use default name and description
	      }
	      return this._helpCommand;
	    }
	    return null;
	  }

	  /**
	   * Add hook for life cycle event.
	   *
	   * @param {string} event
	   * @param {Function} listener
	   * @return {Command} `this` command for chaining
	   */

	  hook(event, listener) {
	    const allowedValues = ['preSubcommand', 'preAction', 'postAction'];
	    if (!allowedValues.includes(event)) {
	      throw new Error(`Unexpected value for event passed to hook : '${event}'.
Expecting one of '${allowedValues.join("', '")}'`);
	    }
	    if (this._lifeCycleHooks[event]) {
	      this._lifeCycleHooks[event].push(listener);
	    } else {
	      this._lifeCycleHooks[event] = [listener];
	    }
	    return this;
	  }

	  /**
	   * Register callback to use as replacement for calling process.exit.
	   *
	   * @param {Function} [fn] optional callback which will be passed a CommanderError, defaults to throwing
	   * @return {Command} `this` command for chaining
	   */

	  exitOverride(fn) {
	    if (fn) {
	      this._exitCallback = fn;
	    } else {
	      this._exitCallback = (err) => {
	        if (err.code !== 'commander.executeSubCommandAsync') {
	          throw err;
	        }
	      };
	    }
	    return this;
	  }

	  /**
	   * Call process.exit, and _exitCallback if defined.
	   *
	   * @param {number} exitCode exit code for using with process.exit
	   * @param {string} code an id string representing the error
	   * @param {string} message human-readable description of the error
	   * @return never
	   * @private
	   */

	  _exit(exitCode, code, message) {
	    if (this._exitCallback) {
	      this._exitCallback(new CommanderError(exitCode, code, message));
	      // Expecting this line is not reached.
	    }
	    process.exit(exitCode);
	  }

	  /**
	   * Register callback `fn` for the command.
	   *
	   * @example
	   * program
	   *   .command('serve')
	   *   .description('start service')
	   *   .action(function() {
	   *      // do work here
	   *   });
	   *
	   * @param {Function} fn
	   * @return {Command} `this` command for chaining
	   */

	  action(fn) {
	    const listener = (args) => {
	      // The .action callback takes an extra parameter which is the command or options.
	      const expectedArgsCount = this.registeredArguments.length;
	      const actionArgs = args.slice(0, expectedArgsCount);
	      if (this._storeOptionsAsProperties) {
	        actionArgs[expectedArgsCount] = this; // backwards compatible "options"
	      } else {
	        actionArgs[expectedArgsCount] = this.opts();
	      }
	      actionArgs.push(this);

	      return fn.apply(this, actionArgs);
	    };
	    this._actionHandler = listener;
	    return this;
	  }

	  /**
	   * Factory routine to create a new unattached option.
	   *
	   * See .option() for creating an attached option, which uses this routine to
	   * create the option. You can override createOption to return a custom option.
	   *
	   * @param {string} flags
	   * @param {string} [description]
	   * @return {Option} new option
	   */

	  createOption(flags, description) {
	    return new Option(flags, description);
	  }

	  /**
	   * Wrap parseArgs to catch 'commander.invalidArgument'.
	   *
	   * @param {(Option | Argument)} target
	   * @param {string} value
	   * @param {*} previous
	   * @param {string} invalidArgumentMessage
	   * @private
	   */

	  _callParseArg(target, value, previous, invalidArgumentMessage) {
	    try {
	      return target.parseArg(value, previous);
	    } catch (err) {
	      if (err.code === 'commander.invalidArgument') {
	        const message = `${invalidArgumentMessage} ${err.message}`;
	        this.error(message, { exitCode: err.exitCode, code: err.code });
	      }
	      throw err;
	    }
	  }

	  /**
	   * Check for option flag conflicts.
	   * Register option if no conflicts found, or throw on conflict.
	   *
	   * @param {Option} option
	   * @private
	   */

	  _registerOption(option) {
	    const matchingOption =
	      (option.short && this._findOption(option.short)) ||
	      (option.long && this._findOption(option.long));
	    if (matchingOption) {
	      const matchingFlag =
	        option.long && this._findOption(option.long)
	          ? option.long
	          : option.short;
	      throw new Error(`Cannot add option '${option.flags}'${this._name && ` to command '${this._name}'`} due to conflicting flag '${matchingFlag}'
-  already used by option '${matchingOption.flags}'`);
	    }

	    this._initOptionGroup(option);
	    this.options.push(option);
	  }

	  /**
	   * Check for command name and alias conflicts with existing commands.
	   * Register command if no conflicts found, or throw on conflict.
	   *
	   * @param {Command} command
	   * @private
	   */

	  _registerCommand(command) {
	    const knownBy = (cmd) => {
	      return [cmd.name()].concat(cmd.aliases());
	    };

	    const alreadyUsed = knownBy(command).find((name) =>
	      this._findCommand(name),
	    );
	    if (alreadyUsed) {
	      const existingCmd = knownBy(this._findCommand(alreadyUsed)).join('|');
	      const newCmd = knownBy(command).join('|');
	      throw new Error(
	        `cannot add command '${newCmd}' as already have command '${existingCmd}'`,
	      );
	    }

	    this._initCommandGroup(command);
	    this.commands.push(command);
	  }

	  /**
	   * Add an option.
	   *
	   * @param {Option} option
	   * @return {Command} `this` command for chaining
	   */
	  addOption(option) {
	    this._registerOption(option);

	    const oname = option.name();
	    const name = option.attributeName();

	    // store default value
	    if (option.negate) {
	      // --no-foo is special and defaults foo to true, unless a --foo option is already defined
	      const positiveLongFlag = option.long.replace(/^--no-/, '--');
	      if (!this._findOption(positiveLongFlag)) {
	        this.setOptionValueWithSource(
	          name,
	          option.defaultValue === undefined ? true : option.defaultValue,
	          'default',
	        );
	      }
	    } else if (option.defaultValue !== undefined) {
	      this.setOptionValueWithSource(name, option.defaultValue, 'default');
	    }

	    // handler for cli and env supplied values
	    const handleOptionValue = (val, invalidValueMessage, valueSource) => {
	      // val is null for optional option used without an optional-argument.
	      // val is undefined for boolean and negated option.
	      if (val == null && option.presetArg !== undefined) {
	        val = option.presetArg;
	      }

	      // custom processing
	      const oldValue = this.getOptionValue(name);
	      if (val !== null && option.parseArg) {
	        val = this._callParseArg(option, val, oldValue, invalidValueMessage);
	      } else if (val !== null && option.variadic) {
	        val = option._collectValue(val, oldValue);
	      }

	      // Fill-in appropriate missing values. Long winded but easy to follow.
	      if (val == null) {
	        if (option.negate) {
	          val = false;
	        } else if (option.isBoolean() || option.optional) {
	          val = true;
	        } else {
	          val = ''; // not normal, parseArg might have failed or be a mock function for testing
	        }
	      }
	      this.setOptionValueWithSource(name, val, valueSource);
	    };

	    this.on('option:' + oname, (val) => {
	      const invalidValueMessage = `error: option '${option.flags}' argument '${val}' is invalid.`;
	      handleOptionValue(val, invalidValueMessage, 'cli');
	    });

	    if (option.envVar) {
	      this.on('optionEnv:' + oname, (val) => {
	        const invalidValueMessage = `error: option '${option.flags}' value '${val}' from env '${option.envVar}' is invalid.`;
	        handleOptionValue(val, invalidValueMessage, 'env');
	      });
	    }

	    return this;
	  }

	  /**
	   * Internal implementation shared by .option() and .requiredOption()
	   *
	   * @return {Command} `this` command for chaining
	   * @private
	   */
	  _optionEx(config, flags, description, fn, defaultValue) {
	    if (typeof flags === 'object' && flags instanceof Option) {
	      throw new Error(
	        'To add an Option object use addOption() instead of option() or requiredOption()',
	      );
	    }
	    const option = this.createOption(flags, description);
	    option.makeOptionMandatory(!!config.mandatory);
	    if (typeof fn === 'function') {
	      option.default(defaultValue).argParser(fn);
	    } else if (fn instanceof RegExp) {
	      // deprecated
	      const regex = fn;
	      fn = (val, def) => {
	        const m = regex.exec(val);
	        return m ? m[0] : def;
	      };
	      option.default(defaultValue).argParser(fn);
	    } else {
	      option.default(fn);
	    }

	    return this.addOption(option);
	  }

	  /**
	   * Define option with `flags`, `description`, and optional argument parsing function or `defaultValue` or both.
	   *
	   * The `flags` string contains the short and/or long flags, separated by comma, a pipe or space. A required
	   * option-argument is indicated by `<>` and an optional option-argument by `[]`.
	   *
	   * See the README for more details, and see also addOption() and requiredOption().
	   *
	   * @example
	   * program
	   *     .option('-p, --pepper', 'add pepper')
	   *     .option('--pt, --pizza-type <TYPE>', 'type of pizza') // required option-argument
	   *     .option('-c, --cheese [CHEESE]', 'add extra cheese', 'mozzarella') // optional option-argument with default
	   *     .option('-t, --tip <VALUE>', 'add tip to purchase cost', parseFloat) // custom parse function
	   *
	   * @param {string} flags
	   * @param {string} [description]
	   * @param {(Function|*)} [parseArg] - custom option processing function or default value
	   * @param {*} [defaultValue]
	   * @return {Command} `this` command for chaining
	   */

	  option(flags, description, parseArg, defaultValue) {
	    return this._optionEx({}, flags, description, parseArg, defaultValue);
	  }

	  /**
	   * Add a required option which must have a value after parsing. This usually means
	   * the option must be specified on the command line. (Otherwise the same as .option().)
	   *
	   * The `flags` string contains the short and/or long flags, separated by comma, a pipe or space.
	   *
	   * @param {string} flags
	   * @param {string} [description]
	   * @param {(Function|*)} [parseArg] - custom option processing function or default value
	   * @param {*} [defaultValue]
	   * @return {Command} `this` command for chaining
	   */

	  requiredOption(flags, description, parseArg, defaultValue) {
	    return this._optionEx(
	      { mandatory: true },
	      flags,
	      description,
	      parseArg,
	      defaultValue,
	    );
	  }

	  /**
	   * Alter parsing of short flags with optional values.
	   *
	   * @example
	   * // for `.option('-f,--flag [value]'):
	   * program.combineFlagAndOptionalValue(true);  // `-f80` is treated like `--flag=80`, this is the default behaviour
	   * program.combineFlagAndOptionalValue(false) // `-fb` is treated like `-f -b`
	   *
	   * @param {boolean} [combine] - if `true` or omitted, an optional value can be specified directly after the flag.
	   * @return {Command} `this` command for chaining
	   */
	  combineFlagAndOptionalValue(combine = true) {
	    this._combineFlagAndOptionalValue = !!combine;
	    return this;
	  }

	  /**
	   * Allow unknown options on the command line.
	   *
	   * @param {boolean} [allowUnknown] - if `true` or omitted, no error will be thrown for unknown options.
	   * @return {Command} `this` command for chaining
	   */
	  allowUnknownOption(allowUnknown = true) {
	    this._allowUnknownOption = !!allowUnknown;
	    return this;
	  }

	  /**
	   * Allow excess command-arguments on the command line. Pass false to make excess arguments an error.
	   *
	   * @param {boolean} [allowExcess] - if `true` or omitted, no error will be thrown for excess arguments.
	   * @return {Command} `this` command for chaining
	   */
	  allowExcessArguments(allowExcess = true) {
	    this._allowExcessArguments = !!allowExcess;
	    return this;
	  }

	  /**
	   * Enable positional options. Positional means global options are specified before subcommands which lets
	   * subcommands reuse the same option names, and also enables subcommands to turn on passThroughOptions.
	   * The default behaviour is non-positional and global options may appear anywhere on the command line.
	   *
	   * @param {boolean} [positional]
	   * @return {Command} `this` command for chaining
	   */
	  enablePositionalOptions(positional = true) {
	    this._enablePositionalOptions = !!positional;
	    return this;
	  }

	  /**
	   * Pass through options that come after command-arguments rather than treat them as command-options,
	   * so actual command-options come before command-arguments. Turning this on for a subcommand requires
	   * positional options to have been enabled on the program (parent commands).
	   * The default behaviour is non-positional and options may appear before or after command-arguments.
	   *
	   * @param {boolean} [passThrough] for unknown options.
	   * @return {Command} `this` command for chaining
	   */
	  passThroughOptions(passThrough = true) {
	    this._passThroughOptions = !!passThrough;
	    this._checkForBrokenPassThrough();
	    return this;
	  }

	  /**
	   * @private
	   */

	  _checkForBrokenPassThrough() {
	    if (
	      this.parent &&
	      this._passThroughOptions &&
	      !this.parent._enablePositionalOptions
	    ) {
	      throw new Error(
	        `passThroughOptions cannot be used for '${this._name}' without turning on enablePositionalOptions for parent command(s)`,
	      );
	    }
	  }

	  /**
	   * Whether to store option values as properties on command object,
	   * or store separately (specify false). In both cases the option values can be accessed using .opts().
	   *
	   * @param {boolean} [storeAsProperties=true]
	   * @return {Command} `this` command for chaining
	   */

	  storeOptionsAsProperties(storeAsProperties = true) {
	    if (this.options.length) {
	      throw new Error('call .storeOptionsAsProperties() before adding options');
	    }
	    if (Object.keys(this._optionValues).length) {
	      throw new Error(
	        'call .storeOptionsAsProperties() before setting option values',
	      );
	    }
	    this._storeOptionsAsProperties = !!storeAsProperties;
	    return this;
	  }

	  /**
	   * Retrieve option value.
	   *
	   * @param {string} key
	   * @return {object} value
	   */

	  getOptionValue(key) {
	    if (this._storeOptionsAsProperties) {
	      return this[key];
	    }
	    return this._optionValues[key];
	  }

	  /**
	   * Store option value.
	   *
	   * @param {string} key
	   * @param {object} value
	   * @return {Command} `this` command for chaining
	   */

	  setOptionValue(key, value) {
	    return this.setOptionValueWithSource(key, value, undefined);
	  }

	  /**
	   * Store option value and where the value came from.
	   *
	   * @param {string} key
	   * @param {object} value
	   * @param {string} source - expected values are default/config/env/cli/implied
	   * @return {Command} `this` command for chaining
	   */

	  setOptionValueWithSource(key, value, source) {
	    if (this._storeOptionsAsProperties) {
	      this[key] = value;
	    } else {
	      this._optionValues[key] = value;
	    }
	    this._optionValueSources[key] = source;
	    return this;
	  }

	  /**
	   * Get source of option value.
	   * Expected values are default | config | env | cli | implied
	   *
	   * @param {string} key
	   * @return {string}
	   */

	  getOptionValueSource(key) {
	    return this._optionValueSources[key];
	  }

	  /**
	   * Get source of option value. See also .optsWithGlobals().
	   * Expected values are default | config | env | cli | implied
	   *
	   * @param {string} key
	   * @return {string}
	   */

	  getOptionValueSourceWithGlobals(key) {
	    // global overwrites local, like optsWithGlobals
	    let source;
	    this._getCommandAndAncestors().forEach((cmd) => {
	      if (cmd.getOptionValueSource(key) !== undefined) {
	        source = cmd.getOptionValueSource(key);
	      }
	    });
	    return source;
	  }

	  /**
	   * Get user arguments from implied or explicit arguments.
	   * Side-effects: set _scriptPath if args included script. Used for default program name, and subcommand searches.
	   *
	   * @private
	   */

	  _prepareUserArgs(argv, parseOptions) {
	    if (argv !== undefined && !Array.isArray(argv)) {
	      throw new Error('first parameter to parse must be array or undefined');
	    }
	    parseOptions = parseOptions || {};

	    // auto-detect argument conventions if nothing supplied
	    if (argv === undefined && parseOptions.from === undefined) {
	      if (process.versions?.electron) {
	        parseOptions.from = 'electron';
	      }
	      // check node specific options for scenarios where user CLI args follow executable without scriptname
	      const execArgv = process.execArgv ?? [];
	      if (
	        execArgv.includes('-e') ||
	        execArgv.includes('--eval') ||
	        execArgv.includes('-p') ||
	        execArgv.includes('--print')
	      ) {
	        parseOptions.from = 'eval'; // internal usage, not documented
	      }
	    }

	    // default to using process.argv
	    if (argv === undefined) {
	      argv = process.argv;
	    }
	    this.rawArgs = argv.slice();

	    // extract the user args and scriptPath
	    let userArgs;
	    switch (parseOptions.from) {
	      case undefined:
	      case 'node':
	        this._scriptPath = argv[1];
	        userArgs = argv.slice(2);
	        break;
	      case 'electron':
	        // @ts-ignore: because defaultApp is an unknown property
	        if (process.defaultApp) {
	          this._scriptPath = argv[1];
	          userArgs = argv.slice(2);
	        } else {
	          userArgs = argv.slice(1);
	        }
	        break;
	      case 'user':
	        userArgs = argv.slice(0);
	        break;
	      case 'eval':
	        userArgs = argv.slice(1);
	        break;
	      default:
	        throw new Error(
	          `unexpected parse option { from: '${parseOptions.from}' }`,
	        );
	    }

	    // Find default name for program from arguments.
	    if (!this._name && this._scriptPath)
	      this.nameFromFilename(this._scriptPath);
	    this._name = this._name || 'program';

	    return userArgs;
	  }

	  /**
	   * Parse `argv`, setting options and invoking commands when defined.
	   *
	   * Use parseAsync instead of parse if any of your action handlers are async.
	   *
	   * Call with no parameters to parse `process.argv`. Detects Electron and special node options like `node --eval`. Easy mode!
	   *
	   * Or call with an array of strings to parse, and optionally where the user arguments start by specifying where the arguments are `from`:
	   * - `'node'`: default, `argv[0]` is the application and `argv[1]` is the script being run, with user arguments after that
	   * - `'electron'`: `argv[0]` is the application and `argv[1]` varies depending on whether the electron application is packaged
	   * - `'user'`: just user arguments
	   *
	   * @example
	   * program.parse(); // parse process.argv and auto-detect electron and special node flags
	   * program.parse(process.argv); // assume argv[0] is app and argv[1] is script
	   * program.parse(my-args, { from: 'user' }); // just user supplied arguments, nothing special about argv[0]
	   *
	   * @param {string[]} [argv] - optional, defaults to process.argv
	   * @param {object} [parseOptions] - optionally specify style of options with from: node/user/electron
	   * @param {string} [parseOptions.from] - where the args are from: 'node', 'user', 'electron'
	   * @return {Command} `this` command for chaining
	   */

	  parse(argv, parseOptions) {
	    this._prepareForParse();
	    const userArgs = this._prepareUserArgs(argv, parseOptions);
	    this._parseCommand([], userArgs);

	    return this;
	  }

	  /**
	   * Parse `argv`, setting options and invoking commands when defined.
	   *
	   * Call with no parameters to parse `process.argv`. Detects Electron and special node options like `node --eval`. Easy mode!
	   *
	   * Or call with an array of strings to parse, and optionally where the user arguments start by specifying where the arguments are `from`:
	   * - `'node'`: default, `argv[0]` is the application and `argv[1]` is the script being run, with user arguments after that
	   * - `'electron'`: `argv[0]` is the application and `argv[1]` varies depending on whether the electron application is packaged
	   * - `'user'`: just user arguments
	   *
	   * @example
	   * await program.parseAsync(); // parse process.argv and auto-detect electron and special node flags
	   * await program.parseAsync(process.argv); // assume argv[0] is app and argv[1] is script
	   * await program.parseAsync(my-args, { from: 'user' }); // just user supplied arguments, nothing special about argv[0]
	   *
	   * @param {string[]} [argv]
	   * @param {object} [parseOptions]
	   * @param {string} parseOptions.from - where the args are from: 'node', 'user', 'electron'
	   * @return {Promise}
	   */

	  async parseAsync(argv, parseOptions) {
	    this._prepareForParse();
	    const userArgs = this._prepareUserArgs(argv, parseOptions);
	    await this._parseCommand([], userArgs);

	    return this;
	  }

	  _prepareForParse() {
	    if (this._savedState === null) {
	      this.saveStateBeforeParse();
	    } else {
	      this.restoreStateBeforeParse();
	    }
	  }

	  /**
	   * Called the first time parse is called to save state and allow a restore before subsequent calls to parse.
	   * Not usually called directly, but available for subclasses to save their custom state.
	   *
	   * This is called in a lazy way. Only commands used in parsing chain will have state saved.
	   */
	  saveStateBeforeParse() {
	    this._savedState = {
	      // name is stable if supplied by author, but may be unspecified for root command and deduced during parsing
	      _name: this._name,
	      // option values before parse have default values (including false for negated options)
	      // shallow clones
	      _optionValues: { ...this._optionValues },
	      _optionValueSources: { ...this._optionValueSources },
	    };
	  }

	  /**
	   * Restore state before parse for calls after the first.
	   * Not usually called directly, but available for subclasses to save their custom state.
	   *
	   * This is called in a lazy way. Only commands used in parsing chain will have state restored.
	   */
	  restoreStateBeforeParse() {
	    if (this._storeOptionsAsProperties)
	      throw new Error(`Can not call parse again when storeOptionsAsProperties is true.
- either make a new Command for each call to parse, or stop storing options as properties`);

	    // clear state from _prepareUserArgs
	    this._name = this._savedState._name;
	    this._scriptPath = null;
	    this.rawArgs = [];
	    // clear state from setOptionValueWithSource
	    this._optionValues = { ...this._savedState._optionValues };
	    this._optionValueSources = { ...this._savedState._optionValueSources };
	    // clear state from _parseCommand
	    this.args = [];
	    // clear state from _processArguments
	    this.processedArgs = [];
	  }

	  /**
	   * Throw if expected executable is missing. Add lots of help for author.
	   *
	   * @param {string} executableFile
	   * @param {string} executableDir
	   * @param {string} subcommandName
	   */
	  _checkForMissingExecutable(executableFile, executableDir, subcommandName) {
	    if (fs$1.existsSync(executableFile)) return;

	    const executableDirMessage = executableDir
	      ? `searched for local subcommand relative to directory '${executableDir}'`
	      : 'no directory for search for local subcommand, use .executableDir() to supply a custom directory';
	    const executableMissing = `'${executableFile}' does not exist
 - if '${subcommandName}' is not meant to be an executable command, remove description parameter from '.command()' and use '.description()' instead
 - if the default executable name is not suitable, use the executableFile option to supply a custom name or path
 - ${executableDirMessage}`;
	    throw new Error(executableMissing);
	  }

	  /**
	   * Execute a sub-command executable.
	   *
	   * @private
	   */

	  _executeSubCommand(subcommand, args) {
	    args = args.slice();
	    let launchWithNode = false; // Use node for source targets so do not need to get permissions correct, and on Windows.
	    const sourceExt = ['.js', '.ts', '.tsx', '.mjs', '.cjs'];

	    function findFile(baseDir, baseName) {
	      // Look for specified file
	      const localBin = path$1.resolve(baseDir, baseName);
	      if (fs$1.existsSync(localBin)) return localBin;

	      // Stop looking if candidate already has an expected extension.
	      if (sourceExt.includes(path$1.extname(baseName))) return undefined;

	      // Try all the extensions.
	      const foundExt = sourceExt.find((ext) =>
	        fs$1.existsSync(`${localBin}${ext}`),
	      );
	      if (foundExt) return `${localBin}${foundExt}`;

	      return undefined;
	    }

	    // Not checking for help first. Unlikely to have mandatory and executable, and can't robustly test for help flags in external command.
	    this._checkForMissingMandatoryOptions();
	    this._checkForConflictingOptions();

	    // executableFile and executableDir might be full path, or just a name
	    let executableFile =
	      subcommand._executableFile || `${this._name}-${subcommand._name}`;
	    let executableDir = this._executableDir || '';
	    if (this._scriptPath) {
	      let resolvedScriptPath; // resolve possible symlink for installed npm binary
	      try {
	        resolvedScriptPath = fs$1.realpathSync(this._scriptPath);
	      } catch {
	        resolvedScriptPath = this._scriptPath;
	      }
	      executableDir = path$1.resolve(
	        path$1.dirname(resolvedScriptPath),
	        executableDir,
	      );
	    }

	    // Look for a local file in preference to a command in PATH.
	    if (executableDir) {
	      let localFile = findFile(executableDir, executableFile);

	      // Legacy search using prefix of script name instead of command name
	      if (!localFile && !subcommand._executableFile && this._scriptPath) {
	        const legacyName = path$1.basename(
	          this._scriptPath,
	          path$1.extname(this._scriptPath),
	        );
	        if (legacyName !== this._name) {
	          localFile = findFile(
	            executableDir,
	            `${legacyName}-${subcommand._name}`,
	          );
	        }
	      }
	      executableFile = localFile || executableFile;
	    }

	    launchWithNode = sourceExt.includes(path$1.extname(executableFile));

	    let proc;
	    if (process.platform !== 'win32') {
	      if (launchWithNode) {
	        args.unshift(executableFile);
	        // add executable arguments to spawn
	        args = incrementNodeInspectorPort(process.execArgv).concat(args);

	        proc = childProcess.spawn(process.argv[0], args, { stdio: 'inherit' });
	      } else {
	        proc = childProcess.spawn(executableFile, args, { stdio: 'inherit' });
	      }
	    } else {
	      this._checkForMissingExecutable(
	        executableFile,
	        executableDir,
	        subcommand._name,
	      );
	      args.unshift(executableFile);
	      // add executable arguments to spawn
	      args = incrementNodeInspectorPort(process.execArgv).concat(args);
	      proc = childProcess.spawn(process.execPath, args, { stdio: 'inherit' });
	    }

	    if (!proc.killed) {
	      // testing mainly to avoid leak warnings during unit tests with mocked spawn
	      const signals = ['SIGUSR1', 'SIGUSR2', 'SIGTERM', 'SIGINT', 'SIGHUP'];
	      signals.forEach((signal) => {
	        process.on(signal, () => {
	          if (proc.killed === false && proc.exitCode === null) {
	            // @ts-ignore because signals not typed to known strings
	            proc.kill(signal);
	          }
	        });
	      });
	    }

	    // By default terminate process when spawned process terminates.
	    const exitCallback = this._exitCallback;
	    proc.on('close', (code) => {
	      code = code ?? 1; // code is null if spawned process terminated due to a signal
	      if (!exitCallback) {
	        process.exit(code);
	      } else {
	        exitCallback(
	          new CommanderError(
	            code,
	            'commander.executeSubCommandAsync',
	            '(close)',
	          ),
	        );
	      }
	    });
	    proc.on('error', (err) => {
	      // @ts-ignore: because err.code is an unknown property
	      if (err.code === 'ENOENT') {
	        this._checkForMissingExecutable(
	          executableFile,
	          executableDir,
	          subcommand._name,
	        );
	        // @ts-ignore: because err.code is an unknown property
	      } else if (err.code === 'EACCES') {
	        throw new Error(`'${executableFile}' not executable`);
	      }
	      if (!exitCallback) {
	        process.exit(1);
	      } else {
	        const wrappedError = new CommanderError(
	          1,
	          'commander.executeSubCommandAsync',
	          '(error)',
	        );
	        wrappedError.nestedError = err;
	        exitCallback(wrappedError);
	      }
	    });

	    // Store the reference to the child process
	    this.runningCommand = proc;
	  }

	  /**
	   * @private
	   */

	  _dispatchSubcommand(commandName, operands, unknown) {
	    const subCommand = this._findCommand(commandName);
	    if (!subCommand) this.help({ error: true });

	    subCommand._prepareForParse();
	    let promiseChain;
	    promiseChain = this._chainOrCallSubCommandHook(
	      promiseChain,
	      subCommand,
	      'preSubcommand',
	    );
	    promiseChain = this._chainOrCall(promiseChain, () => {
	      if (subCommand._executableHandler) {
	        this._executeSubCommand(subCommand, operands.concat(unknown));
	      } else {
	        return subCommand._parseCommand(operands, unknown);
	      }
	    });
	    return promiseChain;
	  }

	  /**
	   * Invoke help directly if possible, or dispatch if necessary.
	   * e.g. help foo
	   *
	   * @private
	   */

	  _dispatchHelpCommand(subcommandName) {
	    if (!subcommandName) {
	      this.help();
	    }
	    const subCommand = this._findCommand(subcommandName);
	    if (subCommand && !subCommand._executableHandler) {
	      subCommand.help();
	    }

	    // Fallback to parsing the help flag to invoke the help.
	    return this._dispatchSubcommand(
	      subcommandName,
	      [],
	      [this._getHelpOption()?.long ?? this._getHelpOption()?.short ?? '--help'],
	    );
	  }

	  /**
	   * Check this.args against expected this.registeredArguments.
	   *
	   * @private
	   */

	  _checkNumberOfArguments() {
	    // too few
	    this.registeredArguments.forEach((arg, i) => {
	      if (arg.required && this.args[i] == null) {
	        this.missingArgument(arg.name());
	      }
	    });
	    // too many
	    if (
	      this.registeredArguments.length > 0 &&
	      this.registeredArguments[this.registeredArguments.length - 1].variadic
	    ) {
	      return;
	    }
	    if (this.args.length > this.registeredArguments.length) {
	      this._excessArguments(this.args);
	    }
	  }

	  /**
	   * Process this.args using this.registeredArguments and save as this.processedArgs!
	   *
	   * @private
	   */

	  _processArguments() {
	    const myParseArg = (argument, value, previous) => {
	      // Extra processing for nice error message on parsing failure.
	      let parsedValue = value;
	      if (value !== null && argument.parseArg) {
	        const invalidValueMessage = `error: command-argument value '${value}' is invalid for argument '${argument.name()}'.`;
	        parsedValue = this._callParseArg(
	          argument,
	          value,
	          previous,
	          invalidValueMessage,
	        );
	      }
	      return parsedValue;
	    };

	    this._checkNumberOfArguments();

	    const processedArgs = [];
	    this.registeredArguments.forEach((declaredArg, index) => {
	      let value = declaredArg.defaultValue;
	      if (declaredArg.variadic) {
	        // Collect together remaining arguments for passing together as an array.
	        if (index < this.args.length) {
	          value = this.args.slice(index);
	          if (declaredArg.parseArg) {
	            value = value.reduce((processed, v) => {
	              return myParseArg(declaredArg, v, processed);
	            }, declaredArg.defaultValue);
	          }
	        } else if (value === undefined) {
	          value = [];
	        }
	      } else if (index < this.args.length) {
	        value = this.args[index];
	        if (declaredArg.parseArg) {
	          value = myParseArg(declaredArg, value, declaredArg.defaultValue);
	        }
	      }
	      processedArgs[index] = value;
	    });
	    this.processedArgs = processedArgs;
	  }

	  /**
	   * Once we have a promise we chain, but call synchronously until then.
	   *
	   * @param {(Promise|undefined)} promise
	   * @param {Function} fn
	   * @return {(Promise|undefined)}
	   * @private
	   */

	  _chainOrCall(promise, fn) {
	    // thenable
	    if (promise?.then && typeof promise.then === 'function') {
	      // already have a promise, chain callback
	      return promise.then(() => fn());
	    }
	    // callback might return a promise
	    return fn();
	  }

	  /**
	   *
	   * @param {(Promise|undefined)} promise
	   * @param {string} event
	   * @return {(Promise|undefined)}
	   * @private
	   */

	  _chainOrCallHooks(promise, event) {
	    let result = promise;
	    const hooks = [];
	    this._getCommandAndAncestors()
	      .reverse()
	      .filter((cmd) => cmd._lifeCycleHooks[event] !== undefined)
	      .forEach((hookedCommand) => {
	        hookedCommand._lifeCycleHooks[event].forEach((callback) => {
	          hooks.push({ hookedCommand, callback });
	        });
	      });
	    if (event === 'postAction') {
	      hooks.reverse();
	    }

	    hooks.forEach((hookDetail) => {
	      result = this._chainOrCall(result, () => {
	        return hookDetail.callback(hookDetail.hookedCommand, this);
	      });
	    });
	    return result;
	  }

	  /**
	   *
	   * @param {(Promise|undefined)} promise
	   * @param {Command} subCommand
	   * @param {string} event
	   * @return {(Promise|undefined)}
	   * @private
	   */

	  _chainOrCallSubCommandHook(promise, subCommand, event) {
	    let result = promise;
	    if (this._lifeCycleHooks[event] !== undefined) {
	      this._lifeCycleHooks[event].forEach((hook) => {
	        result = this._chainOrCall(result, () => {
	          return hook(this, subCommand);
	        });
	      });
	    }
	    return result;
	  }

	  /**
	   * Process arguments in context of this command.
	   * Returns action result, in case it is a promise.
	   *
	   * @private
	   */

	  _parseCommand(operands, unknown) {
	    const parsed = this.parseOptions(unknown);
	    this._parseOptionsEnv(); // after cli, so parseArg not called on both cli and env
	    this._parseOptionsImplied();
	    operands = operands.concat(parsed.operands);
	    unknown = parsed.unknown;
	    this.args = operands.concat(unknown);

	    if (operands && this._findCommand(operands[0])) {
	      return this._dispatchSubcommand(operands[0], operands.slice(1), unknown);
	    }
	    if (
	      this._getHelpCommand() &&
	      operands[0] === this._getHelpCommand().name()
	    ) {
	      return this._dispatchHelpCommand(operands[1]);
	    }
	    if (this._defaultCommandName) {
	      this._outputHelpIfRequested(unknown); // Run the help for default command from parent rather than passing to default command
	      return this._dispatchSubcommand(
	        this._defaultCommandName,
	        operands,
	        unknown,
	      );
	    }
	    if (
	      this.commands.length &&
	      this.args.length === 0 &&
	      !this._actionHandler &&
	      !this._defaultCommandName
	    ) {
	      // probably missing subcommand and no handler, user needs help (and exit)
	      this.help({ error: true });
	    }

	    this._outputHelpIfRequested(parsed.unknown);
	    this._checkForMissingMandatoryOptions();
	    this._checkForConflictingOptions();

	    // We do not always call this check to avoid masking a "better" error, like unknown command.
	    const checkForUnknownOptions = () => {
	      if (parsed.unknown.length > 0) {
	        this.unknownOption(parsed.unknown[0]);
	      }
	    };

	    const commandEvent = `command:${this.name()}`;
	    if (this._actionHandler) {
	      checkForUnknownOptions();
	      this._processArguments();

	      let promiseChain;
	      promiseChain = this._chainOrCallHooks(promiseChain, 'preAction');
	      promiseChain = this._chainOrCall(promiseChain, () =>
	        this._actionHandler(this.processedArgs),
	      );
	      if (this.parent) {
	        promiseChain = this._chainOrCall(promiseChain, () => {
	          this.parent.emit(commandEvent, operands, unknown); // legacy
	        });
	      }
	      promiseChain = this._chainOrCallHooks(promiseChain, 'postAction');
	      return promiseChain;
	    }
	    if (this.parent?.listenerCount(commandEvent)) {
	      checkForUnknownOptions();
	      this._processArguments();
	      this.parent.emit(commandEvent, operands, unknown); // legacy
	    } else if (operands.length) {
	      if (this._findCommand('*')) {
	        // legacy default command
	        return this._dispatchSubcommand('*', operands, unknown);
	      }
	      if (this.listenerCount('command:*')) {
	        // skip option check, emit event for possible misspelling suggestion
	        this.emit('command:*', operands, unknown);
	      } else if (this.commands.length) {
	        this.unknownCommand();
	      } else {
	        checkForUnknownOptions();
	        this._processArguments();
	      }
	    } else if (this.commands.length) {
	      checkForUnknownOptions();
	      // This command has subcommands and nothing hooked up at this level, so display help (and exit).
	      this.help({ error: true });
	    } else {
	      checkForUnknownOptions();
	      this._processArguments();
	      // fall through for caller to handle after calling .parse()
	    }
	  }

	  /**
	   * Find matching command.
	   *
	   * @private
	   * @return {Command | undefined}
	   */
	  _findCommand(name) {
	    if (!name) return undefined;
	    return this.commands.find(
	      (cmd) => cmd._name === name || cmd._aliases.includes(name),
	    );
	  }

	  /**
	   * Return an option matching `arg` if any.
	   *
	   * @param {string} arg
	   * @return {Option}
	   * @package
	   */

	  _findOption(arg) {
	    return this.options.find((option) => option.is(arg));
	  }

	  /**
	   * Display an error message if a mandatory option does not have a value.
	   * Called after checking for help flags in leaf subcommand.
	   *
	   * @private
	   */

	  _checkForMissingMandatoryOptions() {
	    // Walk up hierarchy so can call in subcommand after checking for displaying help.
	    this._getCommandAndAncestors().forEach((cmd) => {
	      cmd.options.forEach((anOption) => {
	        if (
	          anOption.mandatory &&
	          cmd.getOptionValue(anOption.attributeName()) === undefined
	        ) {
	          cmd.missingMandatoryOptionValue(anOption);
	        }
	      });
	    });
	  }

	  /**
	   * Display an error message if conflicting options are used together in this.
	   *
	   * @private
	   */
	  _checkForConflictingLocalOptions() {
	    const definedNonDefaultOptions = this.options.filter((option) => {
	      const optionKey = option.attributeName();
	      if (this.getOptionValue(optionKey) === undefined) {
	        return false;
	      }
	      return this.getOptionValueSource(optionKey) !== 'default';
	    });

	    const optionsWithConflicting = definedNonDefaultOptions.filter(
	      (option) => option.conflictsWith.length > 0,
	    );

	    optionsWithConflicting.forEach((option) => {
	      const conflictingAndDefined = definedNonDefaultOptions.find((defined) =>
	        option.conflictsWith.includes(defined.attributeName()),
	      );
	      if (conflictingAndDefined) {
	        this._conflictingOption(option, conflictingAndDefined);
	      }
	    });
	  }

	  /**
	   * Display an error message if conflicting options are used together.
	   * Called after checking for help flags in leaf subcommand.
	   *
	   * @private
	   */
	  _checkForConflictingOptions() {
	    // Walk up hierarchy so can call in subcommand after checking for displaying help.
	    this._getCommandAndAncestors().forEach((cmd) => {
	      cmd._checkForConflictingLocalOptions();
	    });
	  }

	  /**
	   * Parse options from `argv` removing known options,
	   * and return argv split into operands and unknown arguments.
	   *
	   * Side effects: modifies command by storing options. Does not reset state if called again.
	   *
	   * Examples:
	   *
	   *     argv => operands, unknown
	   *     --known kkk op => [op], []
	   *     op --known kkk => [op], []
	   *     sub --unknown uuu op => [sub], [--unknown uuu op]
	   *     sub -- --unknown uuu op => [sub --unknown uuu op], []
	   *
	   * @param {string[]} args
	   * @return {{operands: string[], unknown: string[]}}
	   */

	  parseOptions(args) {
	    const operands = []; // operands, not options or values
	    const unknown = []; // first unknown option and remaining unknown args
	    let dest = operands;

	    function maybeOption(arg) {
	      return arg.length > 1 && arg[0] === '-';
	    }

	    const negativeNumberArg = (arg) => {
	      // return false if not a negative number
	      if (!/^-(\d+|\d*\.\d+)(e[+-]?\d+)?$/.test(arg)) return false;
	      // negative number is ok unless digit used as an option in command hierarchy
	      return !this._getCommandAndAncestors().some((cmd) =>
	        cmd.options
	          .map((opt) => opt.short)
	          .some((short) => /^-\d$/.test(short)),
	      );
	    };

	    // parse options
	    let activeVariadicOption = null;
	    let activeGroup = null; // working through group of short options, like -abc
	    let i = 0;
	    while (i < args.length || activeGroup) {
	      const arg = activeGroup ?? args[i++];
	      activeGroup = null;

	      // literal
	      if (arg === '--') {
	        if (dest === unknown) dest.push(arg);
	        dest.push(...args.slice(i));
	        break;
	      }

	      if (
	        activeVariadicOption &&
	        (!maybeOption(arg) || negativeNumberArg(arg))
	      ) {
	        this.emit(`option:${activeVariadicOption.name()}`, arg);
	        continue;
	      }
	      activeVariadicOption = null;

	      if (maybeOption(arg)) {
	        const option = this._findOption(arg);
	        // recognised option, call listener to assign value with possible custom processing
	        if (option) {
	          if (option.required) {
	            const value = args[i++];
	            if (value === undefined) this.optionMissingArgument(option);
	            this.emit(`option:${option.name()}`, value);
	          } else if (option.optional) {
	            let value = null;
	            // historical behaviour is optional value is following arg unless an option
	            if (
	              i < args.length &&
	              (!maybeOption(args[i]) || negativeNumberArg(args[i]))
	            ) {
	              value = args[i++];
	            }
	            this.emit(`option:${option.name()}`, value);
	          } else {
	            // boolean flag
	            this.emit(`option:${option.name()}`);
	          }
	          activeVariadicOption = option.variadic ? option : null;
	          continue;
	        }
	      }

	      // Look for combo options following single dash, eat first one if known.
	      if (arg.length > 2 && arg[0] === '-' && arg[1] !== '-') {
	        const option = this._findOption(`-${arg[1]}`);
	        if (option) {
	          if (
	            option.required ||
	            (option.optional && this._combineFlagAndOptionalValue)
	          ) {
	            // option with value following in same argument
	            this.emit(`option:${option.name()}`, arg.slice(2));
	          } else {
	            // boolean option
	            this.emit(`option:${option.name()}`);
	            // remove the processed option and keep processing group
	            activeGroup = `-${arg.slice(2)}`;
	          }
	          continue;
	        }
	      }

	      // Look for known long flag with value, like --foo=bar
	      if (/^--[^=]+=/.test(arg)) {
	        const index = arg.indexOf('=');
	        const option = this._findOption(arg.slice(0, index));
	        if (option && (option.required || option.optional)) {
	          this.emit(`option:${option.name()}`, arg.slice(index + 1));
	          continue;
	        }
	      }

	      // Not a recognised option by this command.
	      // Might be a command-argument, or subcommand option, or unknown option, or help command or option.

	      // An unknown option means further arguments also classified as unknown so can be reprocessed by subcommands.
	      // A negative number in a leaf command is not an unknown option.
	      if (
	        dest === operands &&
	        maybeOption(arg) &&
	        !(this.commands.length === 0 && negativeNumberArg(arg))
	      ) {
	        dest = unknown;
	      }

	      // If using positionalOptions, stop processing our options at subcommand.
	      if (
	        (this._enablePositionalOptions || this._passThroughOptions) &&
	        operands.length === 0 &&
	        unknown.length === 0
	      ) {
	        if (this._findCommand(arg)) {
	          operands.push(arg);
	          unknown.push(...args.slice(i));
	          break;
	        } else if (
	          this._getHelpCommand() &&
	          arg === this._getHelpCommand().name()
	        ) {
	          operands.push(arg, ...args.slice(i));
	          break;
	        } else if (this._defaultCommandName) {
	          unknown.push(arg, ...args.slice(i));
	          break;
	        }
	      }

	      // If using passThroughOptions, stop processing options at first command-argument.
	      if (this._passThroughOptions) {
	        dest.push(arg, ...args.slice(i));
	        break;
	      }

	      // add arg
	      dest.push(arg);
	    }

	    return { operands, unknown };
	  }

	  /**
	   * Return an object containing local option values as key-value pairs.
	   *
	   * @return {object}
	   */
	  opts() {
	    if (this._storeOptionsAsProperties) {
	      // Preserve original behaviour so backwards compatible when still using properties
	      const result = {};
	      const len = this.options.length;

	      for (let i = 0; i < len; i++) {
	        const key = this.options[i].attributeName();
	        result[key] =
	          key === this._versionOptionName ? this._version : this[key];
	      }
	      return result;
	    }

	    return this._optionValues;
	  }

	  /**
	   * Return an object containing merged local and global option values as key-value pairs.
	   *
	   * @return {object}
	   */
	  optsWithGlobals() {
	    // globals overwrite locals
	    return this._getCommandAndAncestors().reduce(
	      (combinedOptions, cmd) => Object.assign(combinedOptions, cmd.opts()),
	      {},
	    );
	  }

	  /**
	   * Display error message and exit (or call exitOverride).
	   *
	   * @param {string} message
	   * @param {object} [errorOptions]
	   * @param {string} [errorOptions.code] - an id string representing the error
	   * @param {number} [errorOptions.exitCode] - used with process.exit
	   */
	  error(message, errorOptions) {
	    // output handling
	    this._outputConfiguration.outputError(
	      `${message}\n`,
	      this._outputConfiguration.writeErr,
	    );
	    if (typeof this._showHelpAfterError === 'string') {
	      this._outputConfiguration.writeErr(`${this._showHelpAfterError}\n`);
	    } else if (this._showHelpAfterError) {
	      this._outputConfiguration.writeErr('\n');
	      this.outputHelp({ error: true });
	    }

	    // exit handling
	    const config = errorOptions || {};
	    const exitCode = config.exitCode || 1;
	    const code = config.code || 'commander.error';
	    this._exit(exitCode, code, message);
	  }

	  /**
	   * Apply any option related environment variables, if option does
	   * not have a value from cli or client code.
	   *
	   * @private
	   */
	  _parseOptionsEnv() {
	    this.options.forEach((option) => {
	      if (option.envVar && option.envVar in process.env) {
	        const optionKey = option.attributeName();
	        // Priority check. Do not overwrite cli or options from unknown source (client-code).
	        if (
	          this.getOptionValue(optionKey) === undefined ||
	          ['default', 'config', 'env'].includes(
	            this.getOptionValueSource(optionKey),
	          )
	        ) {
	          if (option.required || option.optional) {
	            // option can take a value
	            // keep very simple, optional always takes value
	            this.emit(`optionEnv:${option.name()}`, process.env[option.envVar]);
	          } else {
	            // boolean
	            // keep very simple, only care that envVar defined and not the value
	            this.emit(`optionEnv:${option.name()}`);
	          }
	        }
	      }
	    });
	  }

	  /**
	   * Apply any implied option values, if option is undefined or default value.
	   *
	   * @private
	   */
	  _parseOptionsImplied() {
	    const dualHelper = new DualOptions(this.options);
	    const hasCustomOptionValue = (optionKey) => {
	      return (
	        this.getOptionValue(optionKey) !== undefined &&
	        !['default', 'implied'].includes(this.getOptionValueSource(optionKey))
	      );
	    };
	    this.options
	      .filter(
	        (option) =>
	          option.implied !== undefined &&
	          hasCustomOptionValue(option.attributeName()) &&
	          dualHelper.valueFromOption(
	            this.getOptionValue(option.attributeName()),
	            option,
	          ),
	      )
	      .forEach((option) => {
	        Object.keys(option.implied)
	          .filter((impliedKey) => !hasCustomOptionValue(impliedKey))
	          .forEach((impliedKey) => {
	            this.setOptionValueWithSource(
	              impliedKey,
	              option.implied[impliedKey],
	              'implied',
	            );
	          });
	      });
	  }

	  /**
	   * Argument `name` is missing.
	   *
	   * @param {string} name
	   * @private
	   */

	  missingArgument(name) {
	    const message = `error: missing required argument '${name}'`;
	    this.error(message, { code: 'commander.missingArgument' });
	  }

	  /**
	   * `Option` is missing an argument.
	   *
	   * @param {Option} option
	   * @private
	   */

	  optionMissingArgument(option) {
	    const message = `error: option '${option.flags}' argument missing`;
	    this.error(message, { code: 'commander.optionMissingArgument' });
	  }

	  /**
	   * `Option` does not have a value, and is a mandatory option.
	   *
	   * @param {Option} option
	   * @private
	   */

	  missingMandatoryOptionValue(option) {
	    const message = `error: required option '${option.flags}' not specified`;
	    this.error(message, { code: 'commander.missingMandatoryOptionValue' });
	  }

	  /**
	   * `Option` conflicts with another option.
	   *
	   * @param {Option} option
	   * @param {Option} conflictingOption
	   * @private
	   */
	  _conflictingOption(option, conflictingOption) {
	    // The calling code does not know whether a negated option is the source of the
	    // value, so do some work to take an educated guess.
	    const findBestOptionFromValue = (option) => {
	      const optionKey = option.attributeName();
	      const optionValue = this.getOptionValue(optionKey);
	      const negativeOption = this.options.find(
	        (target) => target.negate && optionKey === target.attributeName(),
	      );
	      const positiveOption = this.options.find(
	        (target) => !target.negate && optionKey === target.attributeName(),
	      );
	      if (
	        negativeOption &&
	        ((negativeOption.presetArg === undefined && optionValue === false) ||
	          (negativeOption.presetArg !== undefined &&
	            optionValue === negativeOption.presetArg))
	      ) {
	        return negativeOption;
	      }
	      return positiveOption || option;
	    };

	    const getErrorMessage = (option) => {
	      const bestOption = findBestOptionFromValue(option);
	      const optionKey = bestOption.attributeName();
	      const source = this.getOptionValueSource(optionKey);
	      if (source === 'env') {
	        return `environment variable '${bestOption.envVar}'`;
	      }
	      return `option '${bestOption.flags}'`;
	    };

	    const message = `error: ${getErrorMessage(option)} cannot be used with ${getErrorMessage(conflictingOption)}`;
	    this.error(message, { code: 'commander.conflictingOption' });
	  }

	  /**
	   * Unknown option `flag`.
	   *
	   * @param {string} flag
	   * @private
	   */

	  unknownOption(flag) {
	    if (this._allowUnknownOption) return;
	    let suggestion = '';

	    if (flag.startsWith('--') && this._showSuggestionAfterError) {
	      // Looping to pick up the global options too
	      let candidateFlags = [];
	      // eslint-disable-next-line @typescript-eslint/no-this-alias
	      let command = this;
	      do {
	        const moreFlags = command
	          .createHelp()
	          .visibleOptions(command)
	          .filter((option) => option.long)
	          .map((option) => option.long);
	        candidateFlags = candidateFlags.concat(moreFlags);
	        command = command.parent;
	      } while (command && !command._enablePositionalOptions);
	      suggestion = suggestSimilar(flag, candidateFlags);
	    }

	    const message = `error: unknown option '${flag}'${suggestion}`;
	    this.error(message, { code: 'commander.unknownOption' });
	  }

	  /**
	   * Excess arguments, more than expected.
	   *
	   * @param {string[]} receivedArgs
	   * @private
	   */

	  _excessArguments(receivedArgs) {
	    if (this._allowExcessArguments) return;

	    const expected = this.registeredArguments.length;
	    const s = expected === 1 ? '' : 's';
	    const forSubcommand = this.parent ? ` for '${this.name()}'` : '';
	    const message = `error: too many arguments${forSubcommand}. Expected ${expected} argument${s} but got ${receivedArgs.length}.`;
	    this.error(message, { code: 'commander.excessArguments' });
	  }

	  /**
	   * Unknown command.
	   *
	   * @private
	   */

	  unknownCommand() {
	    const unknownName = this.args[0];
	    let suggestion = '';

	    if (this._showSuggestionAfterError) {
	      const candidateNames = [];
	      this.createHelp()
	        .visibleCommands(this)
	        .forEach((command) => {
	          candidateNames.push(command.name());
	          // just visible alias
	          if (command.alias()) candidateNames.push(command.alias());
	        });
	      suggestion = suggestSimilar(unknownName, candidateNames);
	    }

	    const message = `error: unknown command '${unknownName}'${suggestion}`;
	    this.error(message, { code: 'commander.unknownCommand' });
	  }

	  /**
	   * Get or set the program version.
	   *
	   * This method auto-registers the "-V, --version" option which will print the version number.
	   *
	   * You can optionally supply the flags and description to override the defaults.
	   *
	   * @param {string} [str]
	   * @param {string} [flags]
	   * @param {string} [description]
	   * @return {(this | string | undefined)} `this` command for chaining, or version string if no arguments
	   */

	  version(str, flags, description) {
	    if (str === undefined) return this._version;
	    this._version = str;
	    flags = flags || '-V, --version';
	    description = description || 'output the version number';
	    const versionOption = this.createOption(flags, description);
	    this._versionOptionName = versionOption.attributeName();
	    this._registerOption(versionOption);

	    this.on('option:' + versionOption.name(), () => {
	      this._outputConfiguration.writeOut(`${str}\n`);
	      this._exit(0, 'commander.version', str);
	    });
	    return this;
	  }

	  /**
	   * Set the description.
	   *
	   * @param {string} [str]
	   * @param {object} [argsDescription]
	   * @return {(string|Command)}
	   */
	  description(str, argsDescription) {
	    if (str === undefined && argsDescription === undefined)
	      return this._description;
	    this._description = str;
	    if (argsDescription) {
	      this._argsDescription = argsDescription;
	    }
	    return this;
	  }

	  /**
	   * Set the summary. Used when listed as subcommand of parent.
	   *
	   * @param {string} [str]
	   * @return {(string|Command)}
	   */
	  summary(str) {
	    if (str === undefined) return this._summary;
	    this._summary = str;
	    return this;
	  }

	  /**
	   * Set an alias for the command.
	   *
	   * You may call more than once to add multiple aliases. Only the first alias is shown in the auto-generated help.
	   *
	   * @param {string} [alias]
	   * @return {(string|Command)}
	   */

	  alias(alias) {
	    if (alias === undefined) return this._aliases[0]; // just return first, for backwards compatibility

	    /** @type {Command} */
	    // eslint-disable-next-line @typescript-eslint/no-this-alias
	    let command = this;
	    if (
	      this.commands.length !== 0 &&
	      this.commands[this.commands.length - 1]._executableHandler
	    ) {
	      // assume adding alias for last added executable subcommand, rather than this
	      command = this.commands[this.commands.length - 1];
	    }

	    if (alias === command._name)
	      throw new Error("Command alias can't be the same as its name");
	    const matchingCommand = this.parent?._findCommand(alias);
	    if (matchingCommand) {
	      // c.f. _registerCommand
	      const existingCmd = [matchingCommand.name()]
	        .concat(matchingCommand.aliases())
	        .join('|');
	      throw new Error(
	        `cannot add alias '${alias}' to command '${this.name()}' as already have command '${existingCmd}'`,
	      );
	    }

	    command._aliases.push(alias);
	    return this;
	  }

	  /**
	   * Set aliases for the command.
	   *
	   * Only the first alias is shown in the auto-generated help.
	   *
	   * @param {string[]} [aliases]
	   * @return {(string[]|Command)}
	   */

	  aliases(aliases) {
	    // Getter for the array of aliases is the main reason for having aliases() in addition to alias().
	    if (aliases === undefined) return this._aliases;

	    aliases.forEach((alias) => this.alias(alias));
	    return this;
	  }

	  /**
	   * Set / get the command usage `str`.
	   *
	   * @param {string} [str]
	   * @return {(string|Command)}
	   */

	  usage(str) {
	    if (str === undefined) {
	      if (this._usage) return this._usage;

	      const args = this.registeredArguments.map((arg) => {
	        return humanReadableArgName(arg);
	      });
	      return []
	        .concat(
	          this.options.length || this._helpOption !== null ? '[options]' : [],
	          this.commands.length ? '[command]' : [],
	          this.registeredArguments.length ? args : [],
	        )
	        .join(' ');
	    }

	    this._usage = str;
	    return this;
	  }

	  /**
	   * Get or set the name of the command.
	   *
	   * @param {string} [str]
	   * @return {(string|Command)}
	   */

	  name(str) {
	    if (str === undefined) return this._name;
	    this._name = str;
	    return this;
	  }

	  /**
	   * Set/get the help group heading for this subcommand in parent command's help.
	   *
	   * @param {string} [heading]
	   * @return {Command | string}
	   */

	  helpGroup(heading) {
	    if (heading === undefined) return this._helpGroupHeading ?? '';
	    this._helpGroupHeading = heading;
	    return this;
	  }

	  /**
	   * Set/get the default help group heading for subcommands added to this command.
	   * (This does not override a group set directly on the subcommand using .helpGroup().)
	   *
	   * @example
	   * program.commandsGroup('Development Commands:);
	   * program.command('watch')...
	   * program.command('lint')...
	   * ...
	   *
	   * @param {string} [heading]
	   * @returns {Command | string}
	   */
	  commandsGroup(heading) {
	    if (heading === undefined) return this._defaultCommandGroup ?? '';
	    this._defaultCommandGroup = heading;
	    return this;
	  }

	  /**
	   * Set/get the default help group heading for options added to this command.
	   * (This does not override a group set directly on the option using .helpGroup().)
	   *
	   * @example
	   * program
	   *   .optionsGroup('Development Options:')
	   *   .option('-d, --debug', 'output extra debugging')
	   *   .option('-p, --profile', 'output profiling information')
	   *
	   * @param {string} [heading]
	   * @returns {Command | string}
	   */
	  optionsGroup(heading) {
	    if (heading === undefined) return this._defaultOptionGroup ?? '';
	    this._defaultOptionGroup = heading;
	    return this;
	  }

	  /**
	   * @param {Option} option
	   * @private
	   */
	  _initOptionGroup(option) {
	    if (this._defaultOptionGroup && !option.helpGroupHeading)
	      option.helpGroup(this._defaultOptionGroup);
	  }

	  /**
	   * @param {Command} cmd
	   * @private
	   */
	  _initCommandGroup(cmd) {
	    if (this._defaultCommandGroup && !cmd.helpGroup())
	      cmd.helpGroup(this._defaultCommandGroup);
	  }

	  /**
	   * Set the name of the command from script filename, such as process.argv[1],
	   * or require.main.filename, or __filename.
	   *
	   * (Used internally and public although not documented in README.)
	   *
	   * @example
	   * program.nameFromFilename(require.main.filename);
	   *
	   * @param {string} filename
	   * @return {Command}
	   */

	  nameFromFilename(filename) {
	    this._name = path$1.basename(filename, path$1.extname(filename));

	    return this;
	  }

	  /**
	   * Get or set the directory for searching for executable subcommands of this command.
	   *
	   * @example
	   * program.executableDir(__dirname);
	   * // or
	   * program.executableDir('subcommands');
	   *
	   * @param {string} [path]
	   * @return {(string|null|Command)}
	   */

	  executableDir(path) {
	    if (path === undefined) return this._executableDir;
	    this._executableDir = path;
	    return this;
	  }

	  /**
	   * Return program help documentation.
	   *
	   * @param {{ error: boolean }} [contextOptions] - pass {error:true} to wrap for stderr instead of stdout
	   * @return {string}
	   */

	  helpInformation(contextOptions) {
	    const helper = this.createHelp();
	    const context = this._getOutputContext(contextOptions);
	    helper.prepareContext({
	      error: context.error,
	      helpWidth: context.helpWidth,
	      outputHasColors: context.hasColors,
	    });
	    const text = helper.formatHelp(this, helper);
	    if (context.hasColors) return text;
	    return this._outputConfiguration.stripColor(text);
	  }

	  /**
	   * @typedef HelpContext
	   * @type {object}
	   * @property {boolean} error
	   * @property {number} helpWidth
	   * @property {boolean} hasColors
	   * @property {function} write - includes stripColor if needed
	   *
	   * @returns {HelpContext}
	   * @private
	   */

	  _getOutputContext(contextOptions) {
	    contextOptions = contextOptions || {};
	    const error = !!contextOptions.error;
	    let baseWrite;
	    let hasColors;
	    let helpWidth;
	    if (error) {
	      baseWrite = (str) => this._outputConfiguration.writeErr(str);
	      hasColors = this._outputConfiguration.getErrHasColors();
	      helpWidth = this._outputConfiguration.getErrHelpWidth();
	    } else {
	      baseWrite = (str) => this._outputConfiguration.writeOut(str);
	      hasColors = this._outputConfiguration.getOutHasColors();
	      helpWidth = this._outputConfiguration.getOutHelpWidth();
	    }
	    const write = (str) => {
	      if (!hasColors) str = this._outputConfiguration.stripColor(str);
	      return baseWrite(str);
	    };
	    return { error, write, hasColors, helpWidth };
	  }

	  /**
	   * Output help information for this command.
	   *
	   * Outputs built-in help, and custom text added using `.addHelpText()`.
	   *
	   * @param {{ error: boolean } | Function} [contextOptions] - pass {error:true} to write to stderr instead of stdout
	   */

	  outputHelp(contextOptions) {
	    let deprecatedCallback;
	    if (typeof contextOptions === 'function') {
	      deprecatedCallback = contextOptions;
	      contextOptions = undefined;
	    }

	    const outputContext = this._getOutputContext(contextOptions);
	    /** @type {HelpTextEventContext} */
	    const eventContext = {
	      error: outputContext.error,
	      write: outputContext.write,
	      command: this,
	    };

	    this._getCommandAndAncestors()
	      .reverse()
	      .forEach((command) => command.emit('beforeAllHelp', eventContext));
	    this.emit('beforeHelp', eventContext);

	    let helpInformation = this.helpInformation({ error: outputContext.error });
	    if (deprecatedCallback) {
	      helpInformation = deprecatedCallback(helpInformation);
	      if (
	        typeof helpInformation !== 'string' &&
	        !Buffer.isBuffer(helpInformation)
	      ) {
	        throw new Error('outputHelp callback must return a string or a Buffer');
	      }
	    }
	    outputContext.write(helpInformation);

	    if (this._getHelpOption()?.long) {
	      this.emit(this._getHelpOption().long); // deprecated
	    }
	    this.emit('afterHelp', eventContext);
	    this._getCommandAndAncestors().forEach((command) =>
	      command.emit('afterAllHelp', eventContext),
	    );
	  }

	  /**
	   * You can pass in flags and a description to customise the built-in help option.
	   * Pass in false to disable the built-in help option.
	   *
	   * @example
	   * program.helpOption('-?, --help' 'show help'); // customise
	   * program.helpOption(false); // disable
	   *
	   * @param {(string | boolean)} flags
	   * @param {string} [description]
	   * @return {Command} `this` command for chaining
	   */

	  helpOption(flags, description) {
	    // Support enabling/disabling built-in help option.
	    if (typeof flags === 'boolean') {
	      if (flags) {
	        if (this._helpOption === null) this._helpOption = undefined; // reenable
	        if (this._defaultOptionGroup) {
	          // make the option to store the group
	          this._initOptionGroup(this._getHelpOption());
	        }
	      } else {
	        this._helpOption = null; // disable
	      }
	      return this;
	    }

	    // Customise flags and description.
	    this._helpOption = this.createOption(
	      flags ?? '-h, --help',
	      description ?? 'display help for command',
	    );
	    // init group unless lazy create
	    if (flags || description) this._initOptionGroup(this._helpOption);

	    return this;
	  }

	  /**
	   * Lazy create help option.
	   * Returns null if has been disabled with .helpOption(false).
	   *
	   * @returns {(Option | null)} the help option
	   * @package
	   */
	  _getHelpOption() {
	    // Lazy create help option on demand.
	    if (this._helpOption === undefined) {
	      this.helpOption(undefined, undefined);
	    }
	    return this._helpOption;
	  }

	  /**
	   * Supply your own option to use for the built-in help option.
	   * This is an alternative to using helpOption() to customise the flags and description etc.
	   *
	   * @param {Option} option
	   * @return {Command} `this` command for chaining
	   */
	  addHelpOption(option) {
	    this._helpOption = option;
	    this._initOptionGroup(option);
	    return this;
	  }

	  /**
	   * Output help information and exit.
	   *
	   * Outputs built-in help, and custom text added using `.addHelpText()`.
	   *
	   * @param {{ error: boolean }} [contextOptions] - pass {error:true} to write to stderr instead of stdout
	   */

	  help(contextOptions) {
	    this.outputHelp(contextOptions);
	    let exitCode = Number(process.exitCode ?? 0); // process.exitCode does allow a string or an integer, but we prefer just a number
	    if (
	      exitCode === 0 &&
	      contextOptions &&
	      typeof contextOptions !== 'function' &&
	      contextOptions.error
	    ) {
	      exitCode = 1;
	    }
	    // message: do not have all displayed text available so only passing placeholder.
	    this._exit(exitCode, 'commander.help', '(outputHelp)');
	  }

	  /**
	   * // Do a little typing to coordinate emit and listener for the help text events.
	   * @typedef HelpTextEventContext
	   * @type {object}
	   * @property {boolean} error
	   * @property {Command} command
	   * @property {function} write
	   */

	  /**
	   * Add additional text to be displayed with the built-in help.
	   *
	   * Position is 'before' or 'after' to affect just this command,
	   * and 'beforeAll' or 'afterAll' to affect this command and all its subcommands.
	   *
	   * @param {string} position - before or after built-in help
	   * @param {(string | Function)} text - string to add, or a function returning a string
	   * @return {Command} `this` command for chaining
	   */

	  addHelpText(position, text) {
	    const allowedValues = ['beforeAll', 'before', 'after', 'afterAll'];
	    if (!allowedValues.includes(position)) {
	      throw new Error(`Unexpected value for position to addHelpText.
Expecting one of '${allowedValues.join("', '")}'`);
	    }

	    const helpEvent = `${position}Help`;
	    this.on(helpEvent, (/** @type {HelpTextEventContext} */ context) => {
	      let helpStr;
	      if (typeof text === 'function') {
	        helpStr = text({ error: context.error, command: context.command });
	      } else {
	        helpStr = text;
	      }
	      // Ignore falsy value when nothing to output.
	      if (helpStr) {
	        context.write(`${helpStr}\n`);
	      }
	    });
	    return this;
	  }

	  /**
	   * Output help information if help flags specified
	   *
	   * @param {Array} args - array of options to search for help flags
	   * @private
	   */

	  _outputHelpIfRequested(args) {
	    const helpOption = this._getHelpOption();
	    const helpRequested = helpOption && args.find((arg) => helpOption.is(arg));
	    if (helpRequested) {
	      this.outputHelp();
	      // (Do not have all displayed text available so only passing placeholder.)
	      this._exit(0, 'commander.helpDisplayed', '(outputHelp)');
	    }
	  }
	}

	/**
	 * Scan arguments and increment port number for inspect calls (to avoid conflicts when spawning new command).
	 *
	 * @param {string[]} args - array of arguments from node.execArgv
	 * @returns {string[]}
	 * @private
	 */

	function incrementNodeInspectorPort(args) {
	  // Testing for these options:
	  //  --inspect[=[host:]port]
	  //  --inspect-brk[=[host:]port]
	  //  --inspect-port=[host:]port
	  return args.map((arg) => {
	    if (!arg.startsWith('--inspect')) {
	      return arg;
	    }
	    let debugOption;
	    let debugHost = '127.0.0.1';
	    let debugPort = '9229';
	    let match;
	    if ((match = arg.match(/^(--inspect(-brk)?)$/)) !== null) {
	      // e.g. --inspect
	      debugOption = match[1];
	    } else if (
	      (match = arg.match(/^(--inspect(-brk|-port)?)=([^:]+)$/)) !== null
	    ) {
	      debugOption = match[1];
	      if (/^\d+$/.test(match[3])) {
	        // e.g. --inspect=1234
	        debugPort = match[3];
	      } else {
	        // e.g. --inspect=localhost
	        debugHost = match[3];
	      }
	    } else if (
	      (match = arg.match(/^(--inspect(-brk|-port)?)=([^:]+):(\d+)$/)) !== null
	    ) {
	      // e.g. --inspect=localhost:1234
	      debugOption = match[1];
	      debugHost = match[3];
	      debugPort = match[4];
	    }

	    if (debugOption && debugPort !== '0') {
	      return `${debugOption}=${debugHost}:${parseInt(debugPort) + 1}`;
	    }
	    return arg;
	  });
	}

	/**
	 * @returns {boolean | undefined}
	 * @package
	 */
	function useColor() {
	  // Test for common conventions.
	  // NB: the observed behaviour is in combination with how author adds color! For example:
	  //   - we do not test NODE_DISABLE_COLORS, but util:styletext does
	  //   - we do test NO_COLOR, but Chalk does not
	  //
	  // References:
	  // https://no-color.org
	  // https://bixense.com/clicolors/
	  // https://github.com/nodejs/node/blob/0a00217a5f67ef4a22384cfc80eb6dd9a917fdc1/lib/internal/tty.js#L109
	  // https://github.com/chalk/supports-color/blob/c214314a14bcb174b12b3014b2b0a8de375029ae/index.js#L33
	  // (https://force-color.org recent web page from 2023, does not match major javascript implementations)

	  if (
	    process.env.NO_COLOR ||
	    process.env.FORCE_COLOR === '0' ||
	    process.env.FORCE_COLOR === 'false'
	  )
	    return false;
	  if (process.env.FORCE_COLOR || process.env.CLICOLOR_FORCE !== undefined)
	    return true;
	  return undefined;
	}

	command.Command = Command;
	command.useColor = useColor; // exporting for tests
	return command;
}

var hasRequiredCommander;

function requireCommander () {
	if (hasRequiredCommander) return commander$1;
	hasRequiredCommander = 1;
	const { Argument } = requireArgument();
	const { Command } = requireCommand();
	const { CommanderError, InvalidArgumentError } = requireError();
	const { Help } = requireHelp();
	const { Option } = requireOption();

	commander$1.program = new Command();

	commander$1.createCommand = (name) => new Command(name);
	commander$1.createOption = (flags, description) => new Option(flags, description);
	commander$1.createArgument = (name, description) => new Argument(name, description);

	/**
	 * Expose classes
	 */

	commander$1.Command = Command;
	commander$1.Option = Option;
	commander$1.Argument = Argument;
	commander$1.Help = Help;

	commander$1.CommanderError = CommanderError;
	commander$1.InvalidArgumentError = InvalidArgumentError;
	commander$1.InvalidOptionArgumentError = InvalidArgumentError; // Deprecated
	return commander$1;
}

var commanderExports = requireCommander();
var commander = /*@__PURE__*/getDefaultExportFromCjs(commanderExports);

// wrapper to provide named exports for ESM.
const {
  program,
  createCommand,
  createArgument,
  createOption,
  CommanderError,
  InvalidArgumentError,
  InvalidOptionArgumentError, // deprecated old name
  Command,
  Argument,
  Option,
  Help,
} = commander;

const EXIT_FAILURE = 1;
const EXIT_BAD_INPUT = 2;
/** Exit code for an error escaping a command: bad input 2; escalations and everything else 1. */
function exitCodeFor(error) {
    return error instanceof InputError ? EXIT_BAD_INPUT : EXIT_FAILURE;
}

/** Maps commander's camelCase option values back to the kebab-case input names the schemas use. */
function rawInputsFromFlags(flags, names) {
    const raw = {};
    for (const name of names) {
        const value = flags[name.replace(/-([a-z])/g, (_, c) => c.toUpperCase())];
        if (value !== undefined)
            raw[name] = String(value);
    }
    return raw;
}

/** The commander options of one input: `--name <value>` (with the registry's default), or a --name / --no-name pair. */
function inputOptions(name, spec) {
    const { cli } = spec;
    if (!cli || spec.actionOnly)
        return [];
    if ('negatable' in cli) {
        // Both spellings declared, so commander leaves the value undefined unless one is given: the parser's default applies.
        return [new Option(`--${name}`, cli.help), new Option(`--no-${name}`, cli.negatedHelp)];
    }
    const option = new Option(`--${name} ${cli.value}`, cli.help);
    // The fallback variable, declared once in the registry, is declared on the option with
    // Option.env() (commander's help shows it). Its value is read from the environment the CLI
    // is given (rawInputsFromCli), not commander's process.env: see ignoreProcessEnvValues.
    if (spec.env?.length === 1)
        option.env(spec.env[0]);
    else if (spec.env?.length)
        throw new Error(`--${name}: Option.env() takes one variable, the registry gives ${spec.env.join(', ')}`);
    return [spec.default === undefined ? option : option.default(spec.default)];
}
/**
 * Drops the option values commander took from process.env (Option.env()): the CLI reads its
 * environment from CliIo.env, which the in-process tests hand in, through the same registry
 * (rawInputsFromCli). Run as the program's preAction hook; a default comes back as it was.
 */
function ignoreProcessEnvValues(command) {
    for (const option of command.options) {
        const key = option.attributeName();
        if (command.getOptionValueSource(key) === 'env')
            command.setOptionValueWithSource(key, option.defaultValue, 'default');
    }
}
/** Adds the CLI flag of every input of the registry that has one, in the registry's order. */
function withInputOptions(command, registry) {
    for (const [name, spec] of Object.entries(registry)) {
        for (const option of inputOptions(name, spec))
            command.addOption(option);
    }
    return command;
}
/**
 * The raw inputs of a command: its flags by input name, then the environment
 * variables of the inputs not given as flags.
 */
function rawInputsFromCli(registry, flags, env) {
    const names = Object.keys(registry).filter((name) => !registry[name].actionOnly);
    return withEnvFallbacks(registry, rawInputsFromFlags(flags, names), env);
}

/** A logger that writes plain lines to a stream (the CLI uses stderr so --json stdout stays clean). */
function createStreamLogger(write, options = {}) {
    const emit = (prefix, message) => {
        for (const line of maskSecrets(message).split('\n'))
            write(`${prefix}${line}\n`);
    };
    return {
        info: (message) => emit('', message),
        debug: (message) => {
            if (options.verbose)
                emit('debug: ', message);
        },
        warning: (message, properties) => emit('warning: ', properties?.title ? `${properties.title}: ${message}` : message),
        error: (message, properties) => emit('error: ', properties?.title ? `${properties.title}: ${message}` : message),
        group: async (name, work) => {
            emit('', `== ${name}`);
            return work();
        }
    };
}

/**
 * The single error boundary of every CLI command: runs the command, prints the
 * result as JSON (--json) or lets the command print it, and maps errors to
 * exit codes (0 pass, 1 failure/escalation, 2 bad input). All text is masked.
 */
async function runCommand(io, flags, work) {
    const logger = createStreamLogger((line) => io.stderr(line), { verbose: flags.verbose });
    try {
        // A bad URL is bad input before anything runs; a good one is masked from here on.
        const heartbeatUrl = parseHeartbeatUrl({ 'heartbeat-url': heartbeatUrlFlag(flags) });
        // Whatever the command leaves registered (temporary folders, children) goes with it.
        const { result, passed, human } = await withHeartbeat(heartbeatUrl, logger, () => withCleanup(() => work(logger)), (outcome) => outcome.passed);
        if (flags.json)
            io.stdout(maskSecrets(JSON.stringify(result, null, 2)) + '\n');
        else if (human)
            io.stdout(maskSecrets(human) + '\n');
        io.setExitCode(passed ? 0 : 1);
    }
    catch (error) {
        const signal = interruption();
        if (signal) {
            // The failure is the interrupt's doing (a killed pg_dump, a removed file): say so, not what broke.
            io.stderr(`interrupted by ${signal}\n`);
            io.setExitCode(signalExitCode(signal));
            return;
        }
        const code = exitCodeFor(error);
        const kind = error instanceof InputError
            ? 'bad input'
            : error instanceof EscalationError
                ? `ESCALATE ${error.condition}`
                : 'error';
        io.stderr(maskSecrets(`${kind}: ${errorMessage(error)}`) + '\n');
        if (flags.json) {
            const condition = error instanceof EscalationError ? error.condition : undefined;
            io.stdout(maskSecrets(JSON.stringify({ error: errorMessage(error), exitCode: code, condition }, null, 2)) + '\n');
        }
        io.setExitCode(code);
    }
}
/** Adds `--heartbeat-url <url>` (backup, drill, status); runCommand pings it when given. */
function withHeartbeatFlag(command) {
    return withInputOptions(command, HEARTBEAT_INPUT_SPECS);
}
/** The `--heartbeat-url` value of a command's flags. */
function heartbeatUrlFlag(flags) {
    return rawInputsFromFlags(flags, ['heartbeat-url'])['heartbeat-url'];
}
/** Adds the flags every command shares. */
function withCommonFlags(command) {
    return command
        .option('--json', 'print the result object as JSON on stdout')
        .option('--verbose', 'print diagnostic lines');
}

/** Flags holding a connection string: libpq's environment fills what the string leaves out. */
const CONNECTION_FLAGS = ['db-url', 'scratch-db-url'];
/**
 * The EXAMPLES, ENVIRONMENT and EXIT STATUS sections of a command's --help.
 * The variables come from the registry's `env` fields, the same list
 * rawInputsFromCli reads and inputOptions declares on each flag with
 * commander's Option.env(), so help and behaviour cannot disagree. Variables
 * without a flag (github-token: GITHUB_TOKEN, then GH_TOKEN) are listed here only.
 */
function helpSections({ examples, registry = {}, success, failure }) {
    const inputs = Object.entries(registry).filter(([, spec]) => !spec.actionOnly);
    const fallbacks = inputs.flatMap(([name, spec]) => (spec.env ?? []).map((variable, _index, all) => {
        const order = all.length > 1 ? ` (the first set of ${all.join(', ')})` : '';
        const use = spec.cli
            ? `--${name} when the flag is not given`
            : `${name}: no flag, read from here`;
        return [variable, `${use}${order}`];
    }));
    const names = new Set(inputs.map(([name]) => name));
    if (CONNECTION_FLAGS.some((name) => names.has(name)))
        fallbacks.push([
            'PG*',
            "libpq's variables (PGPASSWORD, PGSERVICE, PGSSLMODE, ...), the service file and ~/.pgpass fill what a connection string leaves out"
        ]);
    if (names.has('s3-bucket'))
        fallbacks.push([
            'AWS_*',
            'with --store s3: AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (the AWS SDK default chain) when the s3-* flags are not given'
        ]);
    const width = Math.max(0, ...fallbacks.map(([variable]) => variable.length)) + 2;
    return [
        '',
        'EXAMPLES',
        ...examples.map((line) => `  ${line}`),
        '',
        'ENVIRONMENT',
        ...(fallbacks.length === 0
            ? ['  none: every input is a flag']
            : fallbacks.map(([variable, use]) => `  ${variable.padEnd(width)}${use}`)),
        '',
        'EXIT STATUS',
        `  0    ${success}`,
        `  1    ${failure}`,
        '  2    bad input: the message names the input and how to fix it',
        '  130  interrupted by SIGINT (Ctrl-C): child processes stopped, what the run created removed',
        '  143  interrupted by SIGTERM, likewise',
        ''
    ].join('\n');
}
/** Adds the sections to the command's --help. */
function withHelpSections(command, sections) {
    return command.addHelpText('after', helpSections(sections));
}

/** --help: EXAMPLES, ENVIRONMENT (from the registry), EXIT STATUS. */
const HELP$7 = {
    examples: [
        '# the URL comes from the environment, so the password stays out of `ps`',
        'BACKUP_DRILL_DB_URL=postgres://postgres:PASSWORD@db.example.com:5432/postgres \\',
        '  backup-drill backup --schemas public,auth --prefix opta-supabase --out-dir ./backups --upload none',
        '# encrypted at rest for an age recipient',
        'backup-drill backup --upload none --encrypt-recipients "$(age-keygen -y key.txt)"'
    ],
    registry: BACKUP_INPUT_SPECS,
    success: 'the set (.dump, .sha256, .manifest.json) is in place, read back and stored',
    failure: 'the backup failed (backup-failed, retention-unattainable); nothing partial is left'
};
/** `backup-drill backup`: SOP §1 with a same-snapshot manifest and a streamed checksum. */
function registerBackupCommand(program, io) {
    withHelpSections(withCommonFlags(withHeartbeatFlag(withInputOptions(program
        .command('backup')
        .description('dump a database with pg_dump, hash it while streaming, and write the .dump, .sha256 and .manifest.json set'), BACKUP_INPUT_SPECS))), HELP$7).action(async (flags) => {
        await runCommand(io, flags, async (logger) => {
            const options = parseBackupOptions(rawInputsFromCli(BACKUP_INPUT_SPECS, flags, io.env), io.env);
            if (options.upload === 'artifact' && !io.env.ACTIONS_RUNTIME_TOKEN) {
                throw new InputError('upload', 'artifact uploads need a GitHub Actions job (ACTIONS_RUNTIME_TOKEN is not set): use --upload none on a laptop');
            }
            const result = await runBackup(options, logger);
            const stored = await storeBackup(result, options, logger);
            return {
                result: {
                    ...result,
                    ...stored,
                    manifest: undefined,
                    manifestSummary: { tables: result.manifest.inventory.tables }
                },
                passed: true,
                human: backupSummaryMarkdown(result, stored)
            };
        });
    });
}

/** --help: EXAMPLES, ENVIRONMENT (from the registry), EXIT STATUS. */
const HELP$6 = {
    examples: [
        '# show the plan (dry run), then apply it',
        'backup-drill prune --out-dir ./backups --prefix opta-supabase',
        'backup-drill prune --out-dir ./backups --prefix opta-supabase --no-dry-run',
        '# GitHub artifacts of a repository (the token needs actions:write)',
        'GITHUB_TOKEN=... backup-drill prune --store artifact --repository octo-org/app --artifact-name opta-supabase'
    ],
    registry: PRUNE_INPUT_SPECS,
    success: 'the plan was shown (dry run) or applied',
    failure: 'the store could not be listed completely (then nothing is deleted) or a deletion failed, or retention-unattainable'
};
/**
 * `backup-drill prune`: SOP "Retention + Hygiene" (35 daily + 12 monthly by
 * default); reports only unless --no-dry-run. With --artifact-name it prunes
 * GitHub artifacts of --repository (default GITHUB_REPOSITORY) with the token
 * in GITHUB_TOKEN (or GH_TOKEN): never a flag, so it stays out of shell
 * history and process lists.
 */
function registerPruneCommand(program, io) {
    withHelpSections(withCommonFlags(withInputOptions(program
        .command('prune')
        .description('apply the retention policy to the complete backup sets in a folder or in GitHub artifacts: keep the newest set of each UTC day/week/month/year the policy asks for, delete the rest (dry run unless --no-dry-run)'), PRUNE_INPUT_SPECS)), HELP$6).action(async (flags) => {
        await runCommand(io, flags, async (logger) => {
            const options = parsePruneInputs(rawInputsFromCli(PRUNE_INPUT_SPECS, flags, io.env), io.env);
            const result = await runPrune({ ...options, now: new Date() }, logger);
            return { result, passed: result.passed, human: pruneSummaryMarkdown(result) };
        });
    });
}

/** --help: EXAMPLES, ENVIRONMENT (from the registry), EXIT STATUS. */
const HELP$5 = {
    examples: [
        'backup-drill verify --backup latest --out-dir ./backups',
        'backup-drill verify --backup ./backups/opta-supabase-20260101-031700.dump'
    ],
    registry: VERIFY_INPUT_SPECS,
    success: "checksums, manifest and the archive's table of contents are intact",
    failure: 'checksum-mismatch or backup-unreadable'
};
/** `backup-drill verify`: checksum + archive check of a stored backup, no restore. */
function registerVerifyCommand(program, io) {
    withHelpSections(withCommonFlags(withInputOptions(program
        .command('verify')
        .description("check a backup's sha256 against its .sha256 file and manifest, and that pg_restore can read it"), VERIFY_INPUT_SPECS)), HELP$5).action(async (flags) => {
        await runCommand(io, flags, async (logger) => {
            const raw = rawInputsFromCli(VERIFY_INPUT_SPECS, flags, io.env);
            const result = await runVerify(parseVerifyOptions(raw, io.env), logger);
            return { result, passed: result.result === 'pass', human: verifySummaryMarkdown(result) };
        });
    });
}

/** --help: EXAMPLES, ENVIRONMENT (from the registry), EXIT STATUS. */
const HELP$4 = {
    examples: [
        'BACKUP_DRILL_SCRATCH_DB_URL=postgres://postgres:PASSWORD@localhost:5433/postgres \\',
        '  backup-drill drill --backup latest --out-dir ./backups --log-dir ./drill-logs',
        "# with a smoke test and the SOP's objectives",
        'backup-drill drill --backup latest --smoke-command ./tests/smoke.sh --rpo-hours 24 --rto-minutes 60'
    ],
    registry: DRILL_INPUT_SPECS,
    success: 'the drill passed: restored, equal to the manifest, smoke test green, within RPO and RTO',
    failure: 'an escalation (restore-failed, validation-failed, smoke-failed, rpo-exceeded, ...), each one in the drill log'
};
/** `backup-drill drill`: SOP §2-3, restore into scratch and prove it equal to the manifest. */
function registerDrillCommand(program, io) {
    withHelpSections(withCommonFlags(withHeartbeatFlag(withInputOptions(program
        .command('drill')
        .description('restore a verified backup into a scratch database, validate it against the manifest, run the smoke test, write the drill log'), DRILL_INPUT_SPECS))), HELP$4).action(async (flags) => {
        await runCommand(io, flags, async (logger) => {
            const options = parseDrillOptions(rawInputsFromCli(DRILL_INPUT_SPECS, flags, io.env), io.env);
            // With a bucket the CLI can store the log beside the sets; artifacts are the action's alone.
            const upload = options.upload !== 'artifact'
                ? undefined
                : options.source.kind === 's3'
                    ? bucketLogStore(options.source.s3, logger)
                    : undefined;
            if (options.upload === 'artifact' && !upload)
                throw new InputError('upload', 'the CLI keeps drill logs in --log-dir (with --store s3 also in the bucket); artifact uploads are done by the drill action');
            const { log, markdown, logPath } = await runDrill(options, logger, upload ? { storeLog: upload.store } : {});
            const storedAt = upload?.storedAt();
            return {
                result: { ...log, logPath, ...(storedAt ? { logStoredAt: storedAt } : {}) },
                // A log that was to be stored and was not: the drill still needs a person.
                passed: log.result === 'pass' && upload?.failure() === undefined,
                human: markdown + (storedAt ? `\nDrill log stored: ${storedAt}\n` : '')
            };
        });
    });
}

/** The SOP's four checked tables plus the rest of the fixture, as schema-qualified names. */
const FIXTURE_TABLES = [
    'auth.users',
    'public.accounts_profiles',
    'public.accounts_devices',
    'public.accounts_sessions',
    'public.api_keys',
    'public.AuditLog',
    'public.accounts_deletion_requests'
];
/**
 * On-disk bytes (tables + indexes + TOAST) the fixture takes per user: measured
 * with pg_total_relation_size on PostgreSQL 15 after seeding 2k, 20k and 100k
 * users (3461, 3231, 3247); re-measure with `node --import tsx bench/calibrate.ts`.
 */
const FIXTURE_BYTES_PER_USER = 3250;
/** Users needed for roughly `bytes` of fixture data on disk (see FIXTURE_BYTES_PER_USER). */
function usersForSize(bytes) {
    return Math.max(10, Math.round(bytes / FIXTURE_BYTES_PER_USER));
}
/** The roles Supabase has in every project, with their attributes. */
const SUPABASE_ROLES = ['anon NOLOGIN', 'authenticated NOLOGIN', 'service_role NOLOGIN BYPASSRLS'];
/**
 * Creates the roles Supabase has in every project (cluster-wide; idempotent and
 * safe to run concurrently: "check, then create" races when two sessions seed a
 * fresh cluster at once, so each CREATE treats "already exists" as done).
 */
async function createSupabaseRoles(client) {
    for (const role of SUPABASE_ROLES) {
        await client.query(`DO $$ BEGIN CREATE ROLE ${role};
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
    }
}
/** Creates the fixture schema and fills it. The database should be empty. */
async function seedFixture(client, options = {}) {
    const users = options.users ?? 40;
    await createSupabaseRoles(client);
    await client.query(SCHEMA_SQL);
    await client.query(SPECIAL_ROWS_SQL);
    await client.query(BULK_ROWS_SQL, [users]);
    await client.query('ANALYZE');
}
const SCHEMA_SQL = `
CREATE SCHEMA auth;
CREATE TABLE auth.users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text UNIQUE,
  encrypted_password text,
  raw_user_meta_data jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS
  $$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;

CREATE TYPE public.device_platform AS ENUM ('ios', 'android', 'macos', 'windows', 'linux', 'web');

CREATE TABLE public.accounts_profiles (
  id uuid PRIMARY KEY REFERENCES auth.users(id) ON DELETE CASCADE,
  display_name text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 200),
  bio text,
  app_surfaces text[] NOT NULL DEFAULT '{}',
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  avatar bytea,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.accounts_devices (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
  platform public.device_platform NOT NULL,
  device_name text,
  push_token text UNIQUE,
  last_seen_at timestamptz
);
CREATE INDEX accounts_devices_user_id_idx ON public.accounts_devices (user_id);

CREATE TABLE public.accounts_sessions (
  id bigserial PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
  device_id bigint REFERENCES public.accounts_devices(id) ON DELETE SET NULL,
  token_hash bytea NOT NULL,
  ip inet,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  CONSTRAINT accounts_sessions_expiry_after_creation CHECK (expires_at > created_at)
);
CREATE INDEX accounts_sessions_user_id_idx ON public.accounts_sessions (user_id);
CREATE INDEX accounts_sessions_active_idx ON public.accounts_sessions (expires_at) WHERE revoked_at IS NULL;

CREATE TABLE public.api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES auth.users(id) ON DELETE CASCADE,
  name text NOT NULL,
  key_prefix char(8) NOT NULL,
  key_hash text NOT NULL UNIQUE,
  scopes text[] NOT NULL DEFAULT ARRAY['read'],
  last_used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public."AuditLog" (
  id serial PRIMARY KEY,
  "actorId" uuid REFERENCES auth.users(id) ON DELETE SET NULL,
  action text NOT NULL,
  detail jsonb,
  at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.accounts_deletion_requests (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES auth.users(id),
  requested_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id)
);

CREATE FUNCTION public.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$;
CREATE TRIGGER accounts_profiles_touch BEFORE UPDATE ON public.accounts_profiles
  FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();

ALTER TABLE public.accounts_profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.accounts_devices ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.accounts_sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.accounts_deletion_requests ENABLE ROW LEVEL SECURITY;
CREATE POLICY profiles_select_own ON public.accounts_profiles FOR SELECT TO authenticated USING (id = auth.uid());
CREATE POLICY profiles_update_own ON public.accounts_profiles FOR UPDATE TO authenticated USING (id = auth.uid()) WITH CHECK (id = auth.uid());
CREATE POLICY devices_own ON public.accounts_devices FOR ALL TO authenticated USING (user_id = auth.uid());
CREATE POLICY sessions_own ON public.accounts_sessions FOR SELECT TO authenticated USING (user_id = auth.uid());
CREATE POLICY api_keys_own ON public.api_keys FOR SELECT TO authenticated USING (user_id = auth.uid());
CREATE POLICY api_keys_service ON public.api_keys FOR ALL TO service_role USING (true);
CREATE POLICY deletion_requests_own ON public.accounts_deletion_requests FOR INSERT TO authenticated WITH CHECK (user_id = auth.uid());
`;
// Hand-written rows with the text a restore most often mangles.
const SPECIAL_ROWS_SQL = `
INSERT INTO auth.users (id, email, raw_user_meta_data) VALUES
  ('00000000-0000-4000-8000-000000000001', 'zoë@example.com', '{"name": "Zoë \\"Z\\" Ünal", "emoji": "🔐"}'),
  ('00000000-0000-4000-8000-000000000002', NULL, '{}');
INSERT INTO public.accounts_profiles (id, display_name, bio, app_surfaces, settings, avatar) VALUES
  ('00000000-0000-4000-8000-000000000001', 'Zoë 🔐', E'line one\\nline two\\ttabbed\\\\back\\\\slash ''quoted''', ARRAY['1P','1D'], '{"theme": "dark", "nested": {"a": [1, 2, null]}}', '\\x00ff10'),
  ('00000000-0000-4000-8000-000000000002', E'nul\\\\0 and \\r\\n', NULL, '{}', '{}', NULL);
INSERT INTO public.accounts_devices (user_id, platform, device_name, push_token, last_seen_at) VALUES
  ('00000000-0000-4000-8000-000000000001', 'macos', E'MacBook “Pro”\\t(work)', NULL, NULL);
INSERT INTO public."AuditLog" ("actorId", action, detail) VALUES
  (NULL, 'system.start', NULL),
  ('00000000-0000-4000-8000-000000000001', E'COPY\\\\.\\nEND', '{"copy": "\\\\."}');
`;
// Bulk rows, generated server-side so even the 1 GB benchmark seeds in minutes.
const BULK_ROWS_SQL = `
WITH new_users AS (
  INSERT INTO auth.users (email, encrypted_password, raw_user_meta_data, created_at)
  SELECT 'user' || g || '@example.com', md5(random()::text) || md5(random()::text),
         jsonb_build_object('plan', (ARRAY['free','pro','team'])[1 + g % 3], 'seed', md5(g::text)),
         now() - (g % 1000) * interval '1 hour'
  FROM generate_series(1, $1::int) AS g
  RETURNING id, created_at
), profiles AS (
  INSERT INTO public.accounts_profiles (id, display_name, bio, app_surfaces, settings, avatar, created_at)
  SELECT id, 'User ' || left(id::text, 8),
         repeat(md5(random()::text) || ' ', 1 + (random() * 8)::int),
         CASE (random() * 2)::int WHEN 0 THEN ARRAY['1P','1D'] WHEN 1 THEN ARRAY['1M'] ELSE ARRAY['1F','1E','1L'] END,
         jsonb_build_object('theme', CASE WHEN random() < 0.5 THEN 'dark' ELSE 'light' END,
                            'notifications', random() < 0.7, 'token', md5(random()::text)),
         CASE WHEN random() < 0.2 THEN NULL ELSE decode(md5(random()::text) || md5(random()::text), 'hex') END,
         created_at
  FROM new_users
  RETURNING id
), devices AS (
  INSERT INTO public.accounts_devices (user_id, platform, device_name, push_token, last_seen_at)
  SELECT u.id, (enum_range(NULL::public.device_platform))[1 + (random() * 5)::int],
         'device ' || d, md5(random()::text) || md5(random()::text),
         CASE WHEN random() < 0.1 THEN NULL ELSE now() - random() * interval '30 days' END
  FROM new_users u CROSS JOIN generate_series(1, 2) AS d
  RETURNING id, user_id
), sessions AS (
  INSERT INTO public.accounts_sessions (user_id, device_id, token_hash, ip, user_agent, created_at, expires_at, revoked_at)
  SELECT d.user_id, d.id, sha256(random()::text::bytea),
         ('10.' || (random() * 255)::int || '.' || (random() * 255)::int || '.' || (random() * 255)::int)::inet,
         'Mozilla/5.0 (' || md5(random()::text) || ') Opta/' || (random() * 100)::int,
         now() - interval '1 day', now() + random() * interval '30 days',
         CASE WHEN random() < 0.3 THEN now() ELSE NULL END
  FROM devices d CROSS JOIN generate_series(1, 2)
  RETURNING id
), keys AS (
  INSERT INTO public.api_keys (user_id, name, key_prefix, key_hash, scopes, last_used_at)
  SELECT id, 'key for ' || left(id::text, 8), left(md5(random()::text), 8),
         encode(sha256(random()::text::bytea), 'hex'), ARRAY['read', 'write'],
         CASE WHEN random() < 0.5 THEN NULL ELSE now() END
  FROM new_users
  RETURNING id
)
INSERT INTO public."AuditLog" ("actorId", action, detail)
SELECT id, (ARRAY['login','logout','key.create'])[1 + g % 3],
       jsonb_build_object('ip', '10.0.0.' || g, 'ua', md5(random()::text))
FROM new_users CROSS JOIN generate_series(1, 3) AS g;
`;

/** Size units as people write them: KB/MB/GB decimal, KiB/MiB/GiB binary (keys lower-case). */
const UNITS = {
    b: 1,
    kb: 1000,
    mb: 1000 ** 2,
    gb: 1000 ** 3,
    tb: 1000 ** 4,
    kib: 1024,
    mib: 1024 ** 2,
    gib: 1024 ** 3,
    tib: 1024 ** 4
};
/**
 * Parses a size like `1GB`, `500 MB`, `1.5gb`, `2GiB` or a plain byte count.
 * KB/MB/GB are decimal (1 GB = 10^9 bytes, as formatBytes prints them);
 * KiB/MiB/GiB are binary. Returns undefined for anything else.
 */
function parseSize(text) {
    const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
    if (!match)
        return undefined;
    const factor = UNITS[(match[2] || 'b').toLowerCase()];
    if (factor === undefined)
        return undefined;
    const bytes = Math.round(Number(match[1]) * factor);
    return bytes > 0 ? bytes : undefined;
}

/** Input names of the seed command. */
const SEED_INPUTS = ['db-url', 'users', 'size'];
/** Users seeded when neither --users nor --size is given: a few MB, seeds in about a second. */
const DEFAULT_SEED_USERS = 1000;
const MAX_SEED_BYTES = 1000 ** 4;
const seedSchema = object({
    'db-url': string({
        error: 'is required: pass --db-url postgres://USER:PASSWORD@HOST:5432/DATABASE'
    }),
    users: integerInput(1, 100_000_000).optional(),
    size: string()
        .optional()
        .refine((value) => value === undefined || (parseSize(value) ?? Infinity) <= MAX_SEED_BYTES, {
        error: 'must be a size like 500MB, 1GB or 3GB (at most 1TB)'
    })
});
/** Validates seed flags: --users and --size are alternatives; bad values are InputError (exit 2). */
function parseSeedOptions(raw) {
    const parsed = parseInputs(seedSchema, raw);
    const db = parseDatabaseUrl('db-url', parsed['db-url']);
    if (parsed.users !== undefined && parsed.size !== undefined) {
        throw new InputError('size', 'give either --users or --size, not both');
    }
    if (parsed.size !== undefined) {
        const targetBytes = parseSize(parsed.size);
        return { db, users: usersForSize(targetBytes), targetBytes };
    }
    return { db, users: parsed.users ?? DEFAULT_SEED_USERS };
}

/**
 * Seeds the Supabase-shaped fixture into an empty database in one
 * transaction, with progress lines. Refuses (InputError) a database that
 * already has relations in public or auth or an auth schema: seeding must
 * never mix with real data, and a failed seed leaves nothing behind.
 */
async function seedDatabase(options, logger) {
    const started = performance.now();
    const client = await connectForSeed(options.db);
    try {
        await client.query('BEGIN');
        await refuseNonEmpty(client, options.db);
        const estimate = options.users * FIXTURE_BYTES_PER_USER;
        logger.info(`Seeding ${options.users} users (about ${formatBytes(estimate)} on disk) into ${options.db.display}`);
        await withSizeProgress(options.db, estimate, logger, () => seedFixture(client, { users: options.users }));
        await client.query('COMMIT');
        const rows = {};
        for (const key of FIXTURE_TABLES) {
            const [schema, name] = splitKey(key);
            const result = await client.query(`SELECT count(*) AS n FROM ${quoteTable({ schema, name })}`);
            rows[key] = Number(result.rows[0]?.n);
        }
        const sizes = await client.query(`SELECT (SELECT coalesce(sum(pg_catalog.pg_total_relation_size(c.oid)), 0)
                 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname IN ('public', 'auth') AND c.relkind IN ('r', 'p'))::text AS fixture,
              pg_catalog.pg_database_size(pg_catalog.current_database())::text AS database`);
        return {
            database: options.db.display,
            users: options.users,
            rows,
            fixtureBytes: Number(sizes.rows[0]?.fixture),
            databaseBytes: Number(sizes.rows[0]?.database),
            seconds: (performance.now() - started) / 1000
        };
    }
    catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
    }
    finally {
        await client.end().catch(() => undefined);
    }
}
/** Human summary of a seed. */
function seedSummary(result) {
    const total = Object.values(result.rows).reduce((sum, n) => sum + n, 0);
    const lines = [
        `Seeded ${result.database}: ${result.users} users, ${total} rows in ${Object.keys(result.rows).length} tables`,
        `Fixture on disk ${formatBytes(result.fixtureBytes)}, database ${formatBytes(result.databaseBytes)}, in ${formatDuration(result.seconds)}`,
        '',
        '| table | rows |',
        '| --- | ---: |',
        ...Object.entries(result.rows).map(([table, n]) => `| ${table} | ${n} |`)
    ];
    return lines.join('\n');
}
async function connectForSeed(db) {
    // Seeding is not a backup: a ConnectionError is reported as it is, without an SOP escalation name.
    return await connect(db, { inputName: 'db-url', applicationName: 'backup-drill seed' });
}
async function refuseNonEmpty(client, db) {
    const found = await client.query(`SELECT n.nspname || '.' || c.relname AS name, c.relkind IN ('r', 'p') AS is_table
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname IN ('public', 'auth') AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      ORDER BY 2 DESC, 1`);
    if (found.rows.length > 0) {
        const tables = found.rows.filter((row) => row.is_table).length;
        const others = found.rows.length - tables;
        const sample = found.rows
            .slice(0, 5)
            .map((row) => row.name)
            .join(', ');
        throw new InputError('db-url', `${db.display} is not empty: ${tables} table(s)${others ? ` and ${others} other relation(s)` : ''} in public/auth (${sample}${found.rows.length > 5 ? ', ...' : ''}). seed only writes into an empty database: create one (CREATE DATABASE ...) and pass its URL`);
    }
    const auth = await client.query(`SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = 'auth'`);
    if (auth.rows.length > 0) {
        throw new InputError('db-url', `${db.display} already has an auth schema (a Supabase project?). seed only writes into an empty database: create one (CREATE DATABASE ...) and pass its URL`);
    }
}
/**
 * Runs `work` while a second connection watches the database grow on disk:
 * the seed is one statement, so its size is the only honest progress signal.
 */
async function withSizeProgress(db, totalBytes, logger, work) {
    const watcher = await connectForSeed(db);
    const progress = createProgressReporter(logger, 'seed', { totalBytes });
    let done = false;
    let wake = () => undefined;
    const watch = (async () => {
        let last;
        while (!done) {
            const result = await watcher.query('SELECT pg_catalog.pg_database_size(pg_catalog.current_database())::text AS s');
            const size = Number(result.rows[0]?.s);
            if (last !== undefined && size > last)
                progress.add(size - last);
            last = size;
            await new Promise((resolve) => {
                wake = resolve;
                setTimeout(resolve, 1000);
            });
        }
    })().catch(() => undefined); // progress is best effort; the seed's own errors surface below
    try {
        return await work();
    }
    finally {
        done = true;
        wake();
        await watch;
        progress.finish();
        await watcher.end().catch(() => undefined);
    }
}
function splitKey(key) {
    const dot = key.indexOf('.');
    return [key.slice(0, dot), key.slice(dot + 1)];
}

/** --help: EXAMPLES, ENVIRONMENT (from the registry), EXIT STATUS. */
const HELP$3 = {
    examples: [
        'backup-drill seed --db-url postgres://postgres:PASSWORD@localhost:5432/scratch --users 1000',
        'backup-drill seed --db-url postgres://postgres:PASSWORD@localhost:5432/bench --size 1GB'
    ],
    success: 'the fixture was seeded',
    failure: 'the database is not empty in public or auth, or seeding failed'
};
/** `backup-drill seed`: fills an empty database with the Supabase-shaped fixture (demo, CI, benchmark). */
function registerSeedCommand(program, io) {
    withHelpSections(withCommonFlags(program
        .command('seed')
        .description('fill an EMPTY database with the Supabase-shaped test fixture (auth.users, accounts_*, api_keys, RLS, policies); refuses a database that already has tables in public or auth')
        .option('--db-url <url>', 'database to seed (must be empty)')
        .option('--users <n>', `number of users; every table scales with it (default ${DEFAULT_SEED_USERS})`)
        .option('--size <size>', 'seed about this much data on disk instead, e.g. 500MB, 1GB, 3GB')), HELP$3).action(async (flags) => {
        await runCommand(io, flags, async (logger) => {
            const result = await seedDatabase(parseSeedOptions(rawInputsFromFlags(flags, SEED_INPUTS)), logger);
            return { result, passed: true, human: seedSummary(result) };
        });
    });
}

/** --help: EXAMPLES, ENVIRONMENT (from the registry), EXIT STATUS. */
const HELP$2 = {
    examples: [
        '# INCIDENT ONLY: overwrites production; --confirm repeats the project ref',
        'BACKUP_DRILL_DB_URL=postgres://postgres:PASSWORD@db.abcdefghijklmnopqrst.supabase.co:5432/postgres \\',
        'BACKUP_DRILL_PROJECT_REF=abcdefghijklmnopqrst \\',
        '  backup-drill restore --backup latest --out-dir ./backups --confirm abcdefghijklmnopqrst'
    ],
    registry: RESTORE_INPUT_SPECS,
    success: 'production restored, equal to the manifest, smoke test green',
    failure: 'an escalation (checksum-mismatch, restore-failed, validation-failed, ...), see the restore log'
};
/** `backup-drill restore`: SOP §4, restore a verified backup INTO PRODUCTION (incident only). */
function registerRestoreCommand(program, io) {
    withHelpSections(withCommonFlags(withInputOptions(program
        .command('restore')
        .description('INCIDENT ONLY (SOP §4): verify a backup, restore it INTO PRODUCTION, validate it against the manifest, run the smoke test, report the data-loss window and duration'), RESTORE_INPUT_SPECS)), HELP$2).action(async (flags) => {
        await runCommand(io, flags, async (logger) => {
            const raw = rawInputsFromCli(RESTORE_INPUT_SPECS, flags, io.env);
            const result = await runRestore(parseRestoreOptions(raw, io.env), logger);
            return {
                result: {
                    ...result.log,
                    logPath: result.logPath,
                    markdownPath: result.markdownPath,
                    dataLossHours: result.dataLossHours,
                    restoreSeconds: result.restoreSeconds
                },
                passed: result.log.result === 'pass',
                human: result.markdown
            };
        });
    });
}

/**
 * The demo's report for a person at a terminal: what happened step by step,
 * both drill reports in full, and the two verdicts at the end where they are
 * seen last. Contains no URL (the cluster's password never reaches it).
 */
function demoReport(result) {
    const { good, corrupt } = result;
    const corruptSha256 = computedSha256(corrupt.log.checks);
    const goodChecks = good.log.checks.filter((check) => check.status === 'pass').length;
    const lines = [
        '# backup-drill demo',
        '',
        'A backup counts only once it has been restored and proven equal to its source.',
        'This demo shows it on a throwaway PostgreSQL server: one good backup, one corrupted copy.',
        '',
        '## 1. Throwaway PostgreSQL server',
        '',
        `PostgreSQL ${result.server.version} on 127.0.0.1:${result.server.port} (binaries: ${result.server.binDir})`,
        '',
        '## 2. "Production"',
        '',
        `Database ${result.production.database}: the Supabase-shaped fixture (auth.users, accounts_*, api_keys, RLS, policies, triggers) with ${result.production.users} users: ${result.production.tables} tables, ${result.production.rows} rows.`,
        '',
        '## 3. Backup',
        '',
        `${result.backup.name}: ${formatBytes(result.backup.sizeBytes)} dump, sha256 ${result.backup.sha256}, manifest taken in the same snapshot (row counts, constraints, indexes, RLS, policies, sequences, content hashes), in ${formatDuration(result.backup.seconds)}.`,
        '',
        '## 4. Restore drill of the backup (expected: PASS)',
        '',
        demote(good.markdown),
        '',
        '## 5. Restore drill of a corrupted copy (expected: checksum-mismatch)',
        '',
        `One bit of byte ${corrupt.flippedByteOffset} flipped in a copy of the dump (the .sha256 and manifest copied unchanged).`,
        '',
        demote(corrupt.markdown),
        '',
        '## Verdicts',
        '',
        `- Good backup:    ${result.goodDrillPassed ? `PASS — restored and proven equal to its manifest (${goodChecks} checks passed)` : `FAIL — escalate: ${good.log.escalations.join(', ')}`}`,
        `- Corrupted copy: ${result.corruptionCaught ? `CAUGHT — checksum-mismatch: its sha256 is ${corruptSha256 ? `${corruptSha256.slice(0, 12)}…` : 'different'}, not the ${result.backup.sha256.slice(0, 12)}… its .sha256 file and manifest recorded; nothing was restored` : `NOT CAUGHT — escalations: ${corrupt.log.escalations.join(', ') || 'none'}, ${corrupt.scratchTablesAfter} table(s) restored`}`,
        '',
        cleanupLine(result),
        '',
        result.passed ? 'Demo passed.' : 'Demo FAILED: see the verdicts above.'
    ];
    return lines.join('\n') + '\n';
}
function cleanupLine(result) {
    const cluster = result.cleanup.clusterStopped
        ? `server stopped and ${result.clusterDir} removed`
        : `server folder ${result.clusterDir} NOT removed`;
    const files = result.kept
        ? `backups and drill logs kept in ${result.workDir} (--keep): remove it when done`
        : result.cleanup.workDirRemoved
            ? `${result.workDir} removed`
            : `${result.workDir} NOT removed`;
    return `Cleanup: ${cluster}; ${files}.`;
}
/** The drill reports sit under the demo's own headings: one level deeper. */
function demote(markdown) {
    return markdown.trimEnd().replace(/^(#+) /gm, '#$1 ');
}

const execFileAsync = promisify(execFile);
const INSTALL_HINT = 'install the PostgreSQL server binaries (Debian/Ubuntu: `apt-get install -y postgresql`) or pass the directory that holds initdb';
/** Starts a new cluster; resolves once it accepts connections. */
async function startCluster(options = {}) {
    const binDir = options.binDir ?? findServerBinDir();
    for (const tool of ['initdb', 'pg_ctl', 'postgres']) {
        if (!existsSync(join(binDir, tool))) {
            throw new Error(`PostgreSQL server binary ${tool} not found in ${binDir}: ${INSTALL_HINT}`);
        }
    }
    const asPostgresUser = process.getuid?.() === 0;
    const root = await mkdtemp(join(tmpdir(), 'backup-drill-pg-'));
    const dataDir = join(root, 'data');
    const socketDir = root;
    const password = randomBytes(12).toString('hex');
    const pwFile = join(root, 'pwfile');
    await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
    if (asPostgresUser) {
        const { uid, gid } = postgresUserIds();
        await chown(root, uid, gid);
        await chown(pwFile, uid, gid);
    }
    const serverBinDir = asPostgresUser ? await binDirUsableByPostgres(binDir, root) : binDir;
    const run = (file, args) => asPostgresUser
        ? execFileAsync('runuser', ['-u', 'postgres', '--', join(serverBinDir, file), ...args])
        : execFileAsync(join(serverBinDir, file), args);
    try {
        await run('initdb', [
            '-D',
            dataDir,
            '-U',
            'postgres',
            '--pwfile',
            pwFile,
            '--auth-host=scram-sha-256',
            '--auth-local=trust',
            '--encoding=UTF8',
            '--locale=C.UTF-8',
            '--no-sync'
        ]);
        const port = await freePort();
        const settings = {
            port: String(port),
            listen_addresses: '127.0.0.1',
            unix_socket_directories: socketDir,
            fsync: 'off',
            synchronous_commit: 'off',
            full_page_writes: 'off',
            max_connections: '100',
            ...options.settings
        };
        const serverOptions = Object.entries(settings)
            .map(([k, v]) => `-c ${k}=${v}`)
            .join(' ');
        await run('pg_ctl', [
            '-D',
            dataDir,
            '-l',
            join(root, 'server.log'),
            '-o',
            serverOptions,
            '-w',
            '-t',
            '60',
            'start'
        ]);
        const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
        let stopped = false;
        return {
            url,
            port,
            password,
            binDir: serverBinDir,
            dataDir,
            urlFor: (database) => `postgres://postgres:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
            stop: async () => {
                if (stopped)
                    return;
                stopped = true;
                await stopClusterFiles(serverBinDir, dataDir);
            }
        };
    }
    catch (error) {
        await rm(root, { recursive: true, force: true });
        throw error;
    }
}
/**
 * The postgres user must be able to run the server binaries. Ones inside a
 * private folder (node_modules of a 0700 checkout, as `mktemp -d` makes) are not
 * reachable for it: then the installation (bin, lib, share) is copied into the
 * cluster's own folder, which that user owns, and removed with it.
 */
async function binDirUsableByPostgres(binDir, root) {
    const probe = spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', join(binDir, 'initdb')]);
    if (probe.status === 0)
        return binDir;
    const install = join(root, 'install');
    await execFileAsync('cp', ['-a', dirname(binDir), install]);
    return join(install, basename(binDir));
}
/** Stops the cluster in `dataDir` (immediate mode: it is throwaway) and removes its folder. */
async function stopClusterFiles(binDir, dataDir) {
    const pgCtl = join(binDir, 'pg_ctl');
    const args = ['-D', dataDir, '-m', 'immediate', '-w', 'stop'];
    await (process.getuid?.() === 0
        ? execFileAsync('runuser', ['-u', 'postgres', '--', pgCtl, ...args])
        : execFileAsync(pgCtl, args)).catch(() => undefined);
    await rm(dirname(dataDir), { recursive: true, force: true });
}
/** The newest DEBIAN_CLIENT_ROOT/<major>/bin that has initdb, else `pg_config --bindir`. */
function findServerBinDir() {
    const base = DEBIAN_CLIENT_ROOT;
    if (existsSync(base)) {
        const majors = readdirSync(base)
            .filter((name) => /^\d+$/.test(name) && existsSync(join(base, name, 'bin', 'initdb')))
            .sort((a, b) => Number(b) - Number(a));
        if (majors[0])
            return join(base, majors[0], 'bin');
    }
    const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
    const dir = pgConfig.status === 0 ? pgConfig.stdout.trim() : '';
    if (dir && existsSync(join(dir, 'initdb')))
        return dir;
    throw new Error(`No PostgreSQL server binaries found (looked in ${base}/<major>/bin and pg_config): ${INSTALL_HINT}`);
}
function postgresUserIds() {
    const id = (flag) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
    const uid = id('-u');
    const gid = id('-g');
    if (uid.status !== 0 || gid.status !== 0) {
        throw new Error('Running as root, initdb must run as the `postgres` user, which does not exist: create it (`useradd --system postgres`) or run as a normal user');
    }
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
function freePort() {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            const port = typeof address === 'object' && address ? address.port : 0;
            server.close(() => resolve(port));
        });
    });
}

const PRODUCTION_DB = 'opta_production';
const SCRATCH_DB = 'opta_scratch';
const CORRUPT_SCRATCH_DB = 'opta_scratch_corrupt';
/**
 * The README's "run it": a throwaway cluster, the fixture seeded as
 * production, a real backup, a drill that passes, then one flipped byte in a
 * copy of the dump and a drill that catches it. The cluster is stopped and
 * the temporary files removed whatever happens (unless `keep`).
 */
async function runDemo(options, logger) {
    const workDir = await mkdtemp(join(tmpdir(), 'backup-drill-demo-'));
    let cluster;
    let steps;
    try {
        cluster = await logger.group('Start a throwaway PostgreSQL cluster', () => startCluster());
        // Masked from here on: no line of the demo may show the cluster's password.
        registerSecret(cluster.password);
        steps = await demoSteps(cluster, workDir, options, logger);
    }
    finally {
        if (cluster)
            await cluster.stop();
        if (!options.keep)
            await rm(workDir, { recursive: true, force: true });
    }
    const clusterDir = dirname(cluster.dataDir);
    return {
        ...steps,
        workDir,
        clusterDir,
        kept: options.keep,
        cleanup: { clusterStopped: !existsSync(clusterDir), workDirRemoved: !existsSync(workDir) }
    };
}
async function demoSteps(cluster, workDir, options, logger) {
    const version = await query(cluster.url, async (client) => {
        for (const db of [PRODUCTION_DB, SCRATCH_DB, CORRUPT_SCRATCH_DB]) {
            await client.query(`CREATE DATABASE ${db}`);
        }
        const result = await client.query(`SELECT current_setting('server_version') AS v`);
        return result.rows[0]?.v ?? 'unknown';
    });
    logger.info(`PostgreSQL ${version} on 127.0.0.1:${cluster.port} (${cluster.binDir})`);
    const productionUrl = cluster.urlFor(PRODUCTION_DB);
    await logger.group(`Seed "production" (${PRODUCTION_DB}) with ${options.users} users`, () => query(productionUrl, (client) => seedFixture(client, { users: options.users })));
    const backupStarted = performance.now();
    const backup = await logger.group('Back up production (schemas public,auth)', () => runBackup(parseBackupOptions({
        'db-url': productionUrl,
        'out-dir': join(workDir, 'backups'),
        prefix: 'opta-supabase',
        schemas: 'public,auth',
        'content-hash': 'true'
    }), logger));
    const backupSeconds = (performance.now() - backupStarted) / 1000;
    const tables = backup.manifest.inventory.tables;
    // One log folder per drill: drill ids are per second, and both drills often share one.
    const drill = (scratchDb, backupPath, logs) => runDrill(parseDrillOptions({
        'scratch-db-url': cluster.urlFor(scratchDb),
        // Production is given so the drill's guard proves scratch is not production.
        'db-url': productionUrl,
        backup: backupPath,
        'log-dir': join(workDir, 'drill-logs', logs),
        jobs: '2'
    }), logger);
    const good = await logger.group(`Drill ${backup.name} into ${SCRATCH_DB}`, () => drill(SCRATCH_DB, backup.backupPath, 'good'));
    const corruptDir = join(workDir, 'corrupted-copy');
    await mkdir(corruptDir);
    for (const file of [backup.backupPath, backup.checksumPath, backup.manifestPath]) {
        await copyFile(file, join(corruptDir, basename(file)));
    }
    const corruptDump = join(corruptDir, basename(backup.backupPath));
    const flippedByteOffset = await flipOneByte(corruptDump);
    logger.info(`Flipped one bit of byte ${flippedByteOffset} in the copy ${corruptDump}`);
    const corrupt = await logger.group(`Drill the corrupted copy into ${CORRUPT_SCRATCH_DB}`, () => drill(CORRUPT_SCRATCH_DB, corruptDump, 'corrupted-copy'));
    const scratchTablesAfter = await query(cluster.urlFor(CORRUPT_SCRATCH_DB), async (client) => {
        const result = await client.query(`SELECT count(*)::int AS n FROM pg_catalog.pg_tables WHERE schemaname IN ('public', 'auth')`);
        return result.rows[0]?.n ?? 0;
    });
    const goodDrillPassed = good.log.result === 'pass';
    const corruptionCaught = corrupt.log.escalations.includes('checksum-mismatch') &&
        corrupt.log.checks.find((check) => check.name === 'restore')?.status === 'skip' &&
        scratchTablesAfter === 0;
    return {
        passed: goodDrillPassed && corruptionCaught,
        goodDrillPassed,
        corruptionCaught,
        server: { version, port: cluster.port, binDir: cluster.binDir },
        production: {
            database: PRODUCTION_DB,
            users: options.users,
            tables: tables.length,
            rows: tables.reduce((n, t) => n + t.rowCount, 0)
        },
        backup: {
            name: backup.name,
            sizeBytes: backup.sizeBytes,
            sha256: backup.sha256,
            seconds: backupSeconds
        },
        good,
        corrupt: { ...corrupt, flippedByteOffset, scratchTablesAfter }
    };
}
/** Flips the lowest bit of the middle byte in place (what bit rot or a bad copy does); returns its offset. */
async function flipOneByte(path) {
    const file = await open(path, 'r+');
    try {
        const { size } = await file.stat();
        const offset = Math.floor(size / 2);
        const byte = Buffer.alloc(1);
        await file.read(byte, 0, 1, offset);
        byte.writeUInt8(byte.readUInt8(0) ^ 0x01, 0);
        await file.write(byte, 0, 1, offset);
        return offset;
    }
    finally {
        await file.close();
    }
}
/** Runs `work` on a connection to the demo's own cluster (plain client: nothing here is an SOP step). */
async function query(url, work) {
    const client = new pg.Client({ connectionString: url, application_name: 'backup-drill demo' });
    await client.connect();
    try {
        return await work(client);
    }
    finally {
        await client.end().catch(() => undefined);
    }
}

/** Users seeded by default: big enough to be a real restore, small enough to run in seconds. */
const DEFAULT_DEMO_USERS = 200;
const demoSchema = object({
    users: integerInput(1, 1_000_000).default(DEFAULT_DEMO_USERS)
});
/** --help: EXAMPLES, ENVIRONMENT (from the registry), EXIT STATUS. */
const HELP$1 = {
    examples: ['backup-drill demo', 'backup-drill demo --users 1000 --keep'],
    success: 'both verdicts as expected: the drill passed and the flipped byte was caught',
    failure: 'a verdict was not as expected, or the demo could not run (e.g. no PostgreSQL server binaries)'
};
/** `backup-drill demo` (`npm run demo`): a passing drill and a caught corruption on a throwaway server. */
function registerDemoCommand(program, io) {
    withHelpSections(withCommonFlags(program
        .command('demo')
        .description('start a throwaway PostgreSQL server, seed a Supabase-shaped "production", back it up, drill it (pass), then drill a copy with one flipped byte (caught: checksum-mismatch); cleans up everything')
        .option('--users <n>', `fixture users in "production" (default ${DEFAULT_DEMO_USERS})`)
        .option('--keep', 'keep the backups and drill logs in the temporary folder and print its path')), HELP$1).action(async (flags) => {
        await runCommand(io, flags, async (logger) => {
            const parsed = parseInputs(demoSchema, {
                users: typeof flags.users === 'string' ? flags.users : undefined
            });
            const options = { users: parsed.users, keep: flags.keep === true };
            const result = await runDemo(options, logger);
            return { result: demoJson(result), passed: result.passed, human: demoReport(result) };
        });
    });
}
/** The --json result: the verdicts, the facts and both drill logs (the markdown stays in the human report). */
function demoJson(result) {
    const { good, corrupt, ...rest } = result;
    return {
        ...rest,
        good: { log: good.log, logPath: good.logPath },
        corrupt: {
            log: corrupt.log,
            logPath: corrupt.logPath,
            flippedByteOffset: corrupt.flippedByteOffset,
            scratchTablesAfter: corrupt.scratchTablesAfter
        }
    };
}

/** --help: EXAMPLES, ENVIRONMENT (from the registry), EXIT STATUS. */
const HELP = {
    examples: [
        'backup-drill status --out-dir ./backups --log-dir ./drill-logs',
        'backup-drill status --out-dir ./backups --log-dir ./drill-logs --rpo-hours 24 --json',
        '# GitHub artifacts of a repository (the token needs actions:read), with the HTML report',
        'GITHUB_TOKEN=... backup-drill status --repository octo-org/app --artifact-name opta-supabase --report status.html'
    ],
    registry: STATUS_INPUT_SPECS,
    success: 'healthy, or only warnings (missing days, incomplete sets, a size jump)',
    failure: 'rpo-exceeded or drill-overdue'
};
/**
 * `backup-drill status`: is the newest backup within the RPO, the last drill
 * recent and passing, retention as the policy says, the size as usual? Reads
 * only. Exit 1 with rpo-exceeded / drill-overdue; warnings keep exit 0.
 */
function registerStatusCommand(program, io) {
    withHelpSections(withCommonFlags(withHeartbeatFlag(withInputOptions(program
        .command('status')
        .description('report the age of the newest backup against the RPO, the newest drill and its result, retention health and the size trend of a folder, GitHub artifacts or an S3 bucket (exit 1 on rpo-exceeded or drill-overdue)'), STATUS_INPUT_SPECS))), HELP).action(async (flags) => {
        await runCommand(io, flags, async (logger) => {
            const options = parseStatusInputs(rawInputsFromCli(STATUS_INPUT_SPECS, flags, io.env), io.env);
            const result = await runStatus({ ...options, now: new Date() }, logger);
            return { result, passed: result.result === 'pass', human: statusSummaryMarkdown(result) };
        });
    });
}

/** After the command list: the SOP's loop in three lines, and the exit codes every command shares. */
const PROGRAM_HELP = [
    '',
    'EXAMPLES',
    '  # back up (the URL from the environment keeps the password out of `ps`), drill it, watch it',
    '  BACKUP_DRILL_DB_URL=postgres://... backup-drill backup --prefix opta-supabase --out-dir ./backups',
    '  BACKUP_DRILL_SCRATCH_DB_URL=postgres://... backup-drill drill --backup latest --out-dir ./backups',
    '  backup-drill status --prefix opta-supabase --out-dir ./backups --report status.html',
    '  backup-drill <command> --help   # its flags, EXAMPLES, ENVIRONMENT and EXIT STATUS',
    '',
    'EXIT STATUS',
    '  0    passed',
    '  1    failed or an escalation (the command names it)',
    '  2    bad input: the message names the input and how to fix it',
    '  130  interrupted by SIGINT (Ctrl-C)',
    '  143  interrupted by SIGTERM',
    ''
].join('\n');
/** The `backup-drill` program. Each command lives in ./commands and registers itself here. */
function buildProgram(io) {
    const program = new Command('backup-drill')
        .description('Verified logical backups and restore drills for Supabase / PostgreSQL')
        .version(TOOL_VERSION)
        .showHelpAfterError()
        .exitOverride()
        .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
        .addHelpText('after', PROGRAM_HELP)
        // Fallback variables come from io.env (the registry), never commander's process.env read.
        .hook('preAction', (_program, command) => ignoreProcessEnvValues(command));
    registerBackupCommand(program, io);
    registerPruneCommand(program, io);
    registerVerifyCommand(program, io);
    registerDrillCommand(program, io);
    registerSeedCommand(program, io);
    registerRestoreCommand(program, io);
    registerDemoCommand(program, io);
    registerStatusCommand(program, io);
    return program;
}
/** Runs the CLI with `argv` (user arguments only); resolves to the exit code. */
async function runCli(argv, io) {
    let exitCode = 0;
    const trackingIo = { ...io, setExitCode: (code) => (exitCode = code) };
    const program = buildProgram(trackingIo);
    try {
        await program.parseAsync(argv, { from: 'user' });
    }
    catch (error) {
        if (error instanceof CommanderError) {
            // --help and --version exit 0; unknown flags and missing arguments are bad input.
            return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
        }
        throw error;
    }
    return exitCode;
}

// SIGINT/SIGTERM: stop children, remove what this run created, exit 130/143.
handleInterrupts({
    log: (line) => process.stderr.write(`${line}\n`),
    exit: (code) => process.exit(code)
});
// The CLI entry (dist/cli.js). All logic is in program.ts so tests can run it in-process.
const exitCode = await runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    setExitCode: () => undefined
});
process.exitCode = exitCode;
