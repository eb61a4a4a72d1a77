import type { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';

/**
 * Works around nestjs-zod issue #473 (zod ≥ 4.5, nestjs-zod 5.5.0, @nestjs/swagger 11): zod writes a bare nullable
 * field as `type: ['string', 'null']`, and @nestjs/swagger reads a top-level property whose `type` is an array as
 * "an array of the first type" — `updatedAt: string | null` would be documented as `string[]`. Before the document
 * is built, the metadata factory of every zod DTO the routes use is wrapped so that such a property becomes
 * `anyOf: [{type: 'string', …}, {type: 'null'}]`, the form nestjs-zod already passes through for other unions.
 * Nested properties are not affected (swagger does not read them). Remove when nestjs-zod normalises it.
 */
const METADATA_FACTORY = '_OPENAPI_METADATA_FACTORY';
const WRAPPED = Symbol('evalflow:nullable-wrapped');
/** Keywords that describe the property, not its non-null value: they stay beside the anyOf. */
const PROPERTY_KEYWORDS = new Set(['description', 'title', 'default', 'examples', 'deprecated', 'readOnly', 'writeOnly', 'required', 'selfRequired']);

type Property = Record<string, unknown> & { type?: unknown };
type FactoryClass = Type<unknown> & { [METADATA_FACTORY]?: () => Record<string, Property>; [WRAPPED]?: true };

function normalise(property: Property): Property {
  const types = property.type;
  if (!Array.isArray(types) || !types.includes('null')) return property;
  const valueTypes = types.filter((type) => type !== 'null');
  const outer: Property = { type: '' };
  const inner: Property = { type: valueTypes.length === 1 ? valueTypes[0] : valueTypes };
  for (const [key, value] of Object.entries(property)) {
    if (key === 'type') continue;
    if (PROPERTY_KEYWORDS.has(key) || key.startsWith('x-nestjs_zod')) outer[key] = value;
    else inner[key] = value;
  }
  // nestjs-zod removes the empty `type` of a property marked so (its own marker for unions).
  return { ...outer, 'x-nestjs_zod-empty-type': true, anyOf: [inner, { type: 'null' }] };
}

function wrap(target: unknown): void {
  const dto = target as FactoryClass;
  const factory = typeof dto === 'function' ? dto[METADATA_FACTORY] : undefined;
  if (typeof factory !== 'function' || Object.prototype.hasOwnProperty.call(dto, WRAPPED)) return;
  const original = factory.bind(dto);
  Object.defineProperty(dto, METADATA_FACTORY, {
    configurable: true,
    value: () => Object.fromEntries(Object.entries(original()).map(([name, property]) => [name, normalise(property)])),
  });
  Object.defineProperty(dto, WRAPPED, { value: true });
  // ZodResponse documents the output variant of a DTO (Dto.Output), a class of its own.
  const output = (dto as unknown as { Output?: unknown }).Output;
  if (output && output !== dto) wrap(output);
}

/** Wraps the DTOs of every route of the app: request bodies and queries, and the declared answers. */
export function normaliseNullableDtoProperties(app: INestApplication): void {
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const prototype = (wrapper.metatype as Type<unknown> | undefined)?.prototype as Record<string, unknown> | undefined;
      if (!prototype) continue;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        for (const type of (Reflect.getMetadata('design:paramtypes', prototype, name) as unknown[] | undefined) ?? []) wrap(type);
        const responses = (Reflect.getMetadata('swagger/apiResponse', handler) ?? {}) as Record<string, { type?: unknown }>;
        for (const response of Object.values(responses)) for (const type of [response.type].flat()) wrap(type);
      }
    }
  }
}
