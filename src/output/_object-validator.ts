/**
 * Validates emitted objects at run time, for `cdk8s-mesh check`: Kubernetes
 * core kinds with the compiled validators of `kubernetes-models` that
 * schemas/core/ ships (built by scripts/core-schemas.ts), custom resources with the
 * project's copy of the upstream CRD schemas (`CrdValidator.bundled()`), and
 * Istio Helm values / IstioOperator files with the Sail Operator CRD's
 * `spec.values` schema (generated from Istio's values API). A kind none of
 * these knows fails.
 */
import * as path from 'path';
import { SchemaObject } from 'ajv';
import { CrdValidator } from './_crd-validator';
import { linkerdValuesSchema } from '../linkerd/_values-schema';

type CoreValidator = ((data: unknown) => boolean) & { errors?: CoreError[] | null };

interface CoreSchemas {
  readonly validators: Record<string, () => CoreValidator>;
  /** Adds ajv-i18n's English messages to the errors (schemas/core/_messages.js). */
  readonly localize: (errors: CoreError[]) => void;
}

interface CoreError {
  readonly instancePath: string;
  readonly message?: string;
}

let coreSchemas: CoreSchemas | undefined;

function core(): CoreSchemas {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  coreSchemas ??= require(path.join(__dirname, '..', '..', 'schemas', 'core', 'index.js')) as CoreSchemas;
  return coreSchemas;
}

function coreValidator(apiVersion: string, kind: string): CoreValidator | undefined {
  const validators = core().validators;
  const key = `${apiVersion}/${kind}`;
  return Object.prototype.hasOwnProperty.call(validators, key) ? validators[key]() : undefined;
}

/** An object with string `apiVersion` and `kind`. */
function isObjectWithKind(v: unknown): v is { readonly apiVersion: string; readonly kind: string } {
  const o = v as { apiVersion?: unknown; kind?: unknown } | null;
  return typeof o === 'object' && o !== null && !Array.isArray(o) && typeof o.apiVersion === 'string' && typeof o.kind === 'string';
}

/** The IstioOperator `spec` fields istioctl reads (install.istio.io/v1alpha1). */
const ISTIO_OPERATOR_SPEC_FIELDS = ['profile', 'installPackagePath', 'namespace', 'hub', 'tag', 'resourceSuffix', 'revision',
  'compatibilityVersion', 'meshConfig', 'components', 'values', 'unvalidatedValues'];

/** Puts a sub-document's error line (`/path: message`) under `prefix`. */
function prefixed(prefix: string, line: string): string {
  return line.startsWith('/: ') ? `${prefix}${line.slice(1)}` : `${prefix}${line}`;
}

/** Validates objects and install files against upstream schemas. */
export class ObjectValidator {
  constructor(private readonly crds: CrdValidator = CrdValidator.bundled()) {}

  /** Error lines for one applied object (empty when valid). */
  public validate(value: unknown): string[] {
    if (!isObjectWithKind(value)) {
      return ['not a Kubernetes object: apiVersion and kind are required'];
    }
    const obj = value;
    if (this.crds.knows(obj.apiVersion, obj.kind)) {
      return this.crds.validate(obj);
    }
    if (this.crds.knowsKind(obj.apiVersion, obj.kind)) {
      return [`${obj.apiVersion} is not a served version of ${obj.kind}`];
    }
    const validate = coreValidator(obj.apiVersion, obj.kind);
    if (!validate) {
      return [`unknown kind ${obj.apiVersion} ${obj.kind}: no upstream schema to validate it against`];
    }
    if (validate(obj)) {
      return [];
    }
    const errors = validate.errors ?? [];
    // The messages kubernetes-models gives (ajv-i18n's English).
    core().localize(errors);
    return errors.map(x => `${x.instancePath || '/'}: ${x.message}`);
  }

  /** Error lines for Helm values of Istio's base/istiod charts (the Sail CRD's `spec.values` schema). */
  public validateIstioValues(values: unknown): string[] {
    return this.crds.validateWith('istio-helm-values', this.valuesSchema(), values ?? {});
  }

  /**
   * Error lines for the values file of a Linkerd chart (`linkerd-crds-values.yaml`,
   * `linkerd-control-plane-values.yaml`, `linkerd-multicluster-values.yaml`), or
   * undefined when `fileName` is not one.
   */
  public validateLinkerdValues(fileName: string, values: unknown): string[] | undefined {
    const s = linkerdValuesSchema(fileName);
    return s ? this.crds.validateWith(s.key, s.schema, values ?? {}) : undefined;
  }

  /** Error lines for an IstioOperator file for `istioctl install -f`. */
  public validateIstioOperator(value: unknown): string[] {
    const doc = (value ?? {}) as { readonly apiVersion?: unknown; readonly spec?: Record<string, unknown> };
    const errors: string[] = [];
    if (doc.apiVersion !== 'install.istio.io/v1alpha1') {
      errors.push(`/apiVersion: must be install.istio.io/v1alpha1, not ${JSON.stringify(doc.apiVersion)}`);
    }
    const spec = doc.spec ?? {};
    for (const key of Object.keys(spec)) {
      if (!ISTIO_OPERATOR_SPEC_FIELDS.includes(key)) {
        errors.push(`/spec: unknown field "${key}"`);
      }
    }
    if (spec.values !== undefined) {
      errors.push(...this.validateIstioValues(spec.values).map(e => prefixed('/spec/values', e)));
    }
    if (spec.meshConfig !== undefined) {
      errors.push(...this.crds.validateWith('istio-mesh-config', this.valuesSchema().properties.meshConfig, spec.meshConfig)
        .map(e => prefixed('/spec/meshConfig', e)));
    }
    return errors;
  }

  private valuesSchema(): SchemaObject {
    return this.crds.schema('sailoperator.io/v1', 'Istio').properties.spec.properties.values;
  }
}
