// The JSON schema of `.nginx-ws.json` (schemas/nginx-ws.schema.json, written by scripts/gen-project-schema.mjs):
// the `nginxWs.*` settings' own descriptions, and one property per rule id so that editors complete them.
import type { Rule } from '../rules/types';

interface SettingSchema {
  description?: string;
  markdownDescription?: string;
}

const LEVELS = ['off', 'error', 'warning', 'information', 'hint'];

/** `settings`: package.json `contributes.configuration.properties`. */
export function projectSchema(rules: readonly Rule[], settings: Record<string, SettingSchema>): Record<string, unknown> {
  const described = (key: string, extra: Record<string, unknown>): Record<string, unknown> => {
    const s = settings[`nginxWs.${key}`] ?? {};
    return { ...extra, ...(s.description ? { description: s.description } : {}), ...(s.markdownDescription ? { markdownDescription: s.markdownDescription } : {}) };
  };
  const level = { type: 'string', enum: LEVELS };
  const ruleProps = Object.fromEntries(
    [...rules].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => [r.id, { ...level, description: `${r.docs.summary} (default: ${r.defaultSeverity})` }]),
  );
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'nginx-ws project settings (.nginx-ws.json)',
    description: 'Settings for nginx-ws, read by nginx-ws check and the language server from the nearest .nginx-ws.json above a file. Editor settings the user set, and command-line options, override them.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      nginxVersion: {
        type: 'string',
        pattern: '^\\d+\\.\\d+(\\.\\d+)?$',
        examples: ['1.24.0'],
        description: 'The nginx version your configs run on, such as 1.24.0 (nginx-ws init writes what nginx -v says). Absent: unknown, and older than 1.29.7 is assumed (before it, proxy_http_version defaults to 1.0).',
      },
      heartbeatInterval: described('heartbeatInterval', { type: 'number', exclusiveMinimum: 0 }),
      websocketPaths: described('websocketPaths', { type: 'array', items: { type: 'string', format: 'regex' } }),
      rules: described('rules', { type: 'object', properties: ruleProps, additionalProperties: false }),
      templates: described('templates', { type: 'array', items: { type: 'string', minLength: 1 } }),
      prefix: {
        type: 'string',
        minLength: 1,
        description: "The folder relative include paths start from (nginx -p), relative to this file's folder. Absent: the main config's folder.",
      },
      main: {
        description: "The main config (nginx.conf) that includes the others, or a list of them, relative to this file's folder.",
        oneOf: [
          { type: 'string', minLength: 1 },
          { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
        ],
      },
    },
  };
}
