/** The spec subset as test tools read it (contract tests and the REALITY tests validate answers with it). */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import yaml from 'js-yaml';
import { RINGCENTRAL_DIR } from './spec-files';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The spec subset as ajv schemas: one document, referenced by JSON pointer, formats checked. */
export class SpecValidator {
  readonly doc: Json = yaml.load(readFileSync(path.join(RINGCENTRAL_DIR, 'openapi-subset.yml'), 'utf8'));
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    addFormats.default(this.ajv);
    this.ajv.addSchema(this.doc, 'spec');
  }

  operation(operationId: string): { pointer: string; op: Json } | undefined {
    for (const [route, methods] of Object.entries<Json>(this.doc.paths)) {
      for (const [method, op] of Object.entries<Json>(methods)) {
        if (op?.operationId === operationId) return { pointer: `/paths/${escape(route)}/${method}`, op };
      }
    }
    return undefined;
  }

  /**
   * The documented response for a status: its pointer and whether it describes a JSON body. A
   * success the spec documents only as `default` (listContacts) is checked against that.
   */
  response(operationId: string, status: number): { pointer: string; json: boolean; content: boolean } | undefined {
    const found = this.operation(operationId);
    const key = found?.op.responses?.[String(status)] ? String(status) : status < 300 && found?.op.responses?.['default'] ? 'default' : null;
    if (!key) return undefined;
    let response = found!.op.responses[key];
    let pointer = `${found!.pointer}/responses/${key}`;
    if (response.$ref) {
      pointer = String(response.$ref).slice(1);
      response = this.at(pointer);
    }
    const content = response.content ?? {};
    return { pointer: `${pointer}/content/application~1json/schema`, json: 'application/json' in content, content: Object.keys(content).length > 0 };
  }

  at(pointer: string): Json {
    return pointer
      .split('/')
      .slice(1)
      .reduce((node: Json, key) => node?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], this.doc);
  }

  errors(pointer: string, value: unknown): string[] {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `spec#${pointer}` });
      this.compiled.set(pointer, validate);
    }
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
  }
}

function escape(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}
