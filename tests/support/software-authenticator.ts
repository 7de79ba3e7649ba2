import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { relyingParty } from "@/lib/two-factor/webauthn-relying-party";

/**
 * A security key in software, for integration tests: an ES256 (P-256) key pair
 * from node:crypto, answering WebAuthn's create() with attestation "none" and
 * get() with a real signature, so the server's real verification runs.
 */

type Cbor = number | string | Uint8Array | Map<Cbor, Cbor> | { [key: string]: Cbor };

/** A CBOR item's head (RFC 8949 §3): major type and length. */
function cborHead(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  const head = Buffer.alloc(3);
  head[0] = (major << 5) | 25;
  head.writeUInt16BE(length, 1);
  return head;
}

/** Just what an attestation object and a COSE key hold: integers, text, bytes and maps. */
function cbor(value: Cbor): Buffer {
  if (typeof value === "number") return value >= 0 ? cborHead(0, value) : cborHead(1, -1 - value);
  if (typeof value === "string") {
    const text = Buffer.from(value, "utf8");
    return Buffer.concat([cborHead(3, text.length), text]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([cborHead(2, value.length), value]);
  const entries = value instanceof Map ? [...value] : Object.entries(value);
  return Buffer.concat([cborHead(5, entries.length), ...entries.flatMap(([key, item]) => [cbor(key), cbor(item)])]);
}

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest();
const b64url = (data: Buffer) => data.toString("base64url");

function uint32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

/** Where the browser says the ceremony happened; a phishing page is another origin and RP id. */
export type Ceremony = { origin?: string; rpId?: string };

export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(16);
  private readonly keyPair = generateKeyPairSync("ec", { namedCurve: "P-256" });
  /** The signature counter; an authenticator that keeps none always says 0. */
  counter = 0;

  constructor(private readonly keepsCounter = true) {}

  get id(): string {
    return b64url(this.credentialId);
  }

  private coseKey(): Buffer {
    const { x, y } = this.keyPair.publicKey.export({ format: "jwk" });
    // kty EC2 (2), alg ES256 (-7), crv P-256 (1), x, y
    return cbor(new Map<Cbor, Cbor>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(x!, "base64url")], [-3, Buffer.from(y!, "base64url")]]));
  }

  private nextCounter(): number {
    if (this.keepsCounter) this.counter += 1;
    return this.counter;
  }

  private clientData(type: string, challenge: string, origin: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  /** navigator.credentials.create(): user present and verified, attestation "none". */
  register({ challenge }: { challenge: string }, { origin, rpId }: Ceremony = {}): RegistrationResponseJSON {
    const rp = relyingParty();
    const flags = 0x01 | 0x04 | 0x40; // user present, user verified, attested credential data
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const authData = Buffer.concat([
      sha256(rpId ?? rp.id),
      Buffer.from([flags]),
      uint32(this.nextCounter()),
      Buffer.alloc(16), // AAGUID: none
      idLength,
      this.credentialId,
      this.coseKey(),
    ]);
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: {
        clientDataJSON: b64url(this.clientData("webauthn.create", challenge, origin ?? rp.origin)),
        attestationObject: b64url(cbor({ fmt: "none", attStmt: {}, authData })),
        transports: ["usb"],
      },
      clientExtensionResults: {},
    };
  }

  /** navigator.credentials.get(): signs authenticatorData ‖ SHA-256(clientDataJSON) with the key. */
  authenticate({ challenge }: { challenge: string }, { origin, rpId }: Ceremony = {}): AuthenticationResponseJSON {
    const rp = relyingParty();
    const authenticatorData = Buffer.concat([sha256(rpId ?? rp.id), Buffer.from([0x01 | 0x04]), uint32(this.nextCounter())]);
    const clientDataJSON = this.clientData("webauthn.get", challenge, origin ?? rp.origin);
    const signature = sign("sha256", Buffer.concat([authenticatorData, sha256(clientDataJSON)]), this.keyPair.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authenticatorData),
        signature: b64url(signature),
      },
      clientExtensionResults: {},
    };
  }

  /** The same credential id and key on another device, whose counter starts again (a cloned key). */
  clone(): SoftwareAuthenticator {
    const copy = Object.create(SoftwareAuthenticator.prototype) as SoftwareAuthenticator;
    Object.assign(copy, this, { counter: 0 });
    return copy;
  }
}
