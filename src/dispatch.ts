/**
 * Which event an item is: the event keys probed in the order of
 * docs/reference.md#how-an-item-is-classified, `message` first, so the common case costs one
 * property read.
 */
import type * as t from 'io-ts'
import { type Builder, builderFor, compileFastBuilder, type FastBuilder } from './build.js'
import { canCompile } from './codec/jit.js'
import { StructType } from './codec/struct.js'
import { isRecord } from './codec/util.js'
import {
  AccountLinkingItem,
  AppRolesItem,
  BrandedCameraItem,
  Change,
  CheckoutUpdateItem,
  DeliveryItem,
  type EventType,
  GamePlayItem,
  LegacyPolicyEnforcementItem,
  MessageEchoItem,
  MessageEditItem,
  MessageItem,
  MessageRequestItem,
  MessagingFeedbackItem,
  OptinItem,
  PassThreadControlItem,
  PaymentItem,
  PolicyEnforcementItem,
  PostbackItem,
  PreCheckoutItem,
  ReactionItem,
  ReadItem,
  ReferralItem,
  RequestThreadControlItem,
  ResponseFeedbackItem,
  SendCartItem,
  TakeThreadControlItem,
} from './events/index.js'

/** One event kind: its tag, the item key that identifies it, and the item codec. */
export interface Kind {
  readonly type: Exclude<EventType, 'unknown'>
  readonly key: string
  readonly codec: t.Mixed
  /** Builds the event from a decoded item. */
  readonly build: Builder
  /**
   * The event of an item, normalised and built in one compiled function
   * (build.ts#compileFastBuilder); `undefined` for an item it declines (or where code is not
   * compiled), which then takes `normalize`, `validate` and `build`.
   */
  readonly fast: FastBuilder
  /** {@link Kind.fast} for strict mode: also declines an item strict mode would report on. */
  readonly fastStrict: FastBuilder
}

/**
 * `renameTo` exposes the wire key under another name on the event (`policy-enforcement`). An item
 * without its documented `timestamp` gets the entry's `time`, marked on the event
 * (docs/fidelity.md#17-required-fields-what-the-decoder-insists-on): real captures omit it, and
 * an event without a time is hard to use. The compiled functions are made on first use (so that
 * `setJitless` before the first decode counts) and then replace themselves.
 */
const kind = (type: Kind['type'], key: string, codec: t.Mixed, renameTo?: string): Kind => {
  const rename = renameTo === undefined ? undefined : { from: key, to: renameTo }
  const timed = codec instanceof StructType && Object.hasOwn(codec.optional, 'timestamp')
  const generic = builderFor(codec, rename, timed)
  const k: { -readonly [P in keyof Kind]: Kind[P] } = {
    type,
    key,
    codec,
    // A decoded item is built by the compiled function too, so that both paths give events of
    // the same key order; the generic builder where it declines.
    build: (item, type, platform, channel, entry, index, path, raw) =>
      k.fast(item, type, platform, channel, entry, index, path, raw) ??
      generic(item, type, platform, channel, entry, index, path, raw),
    fast: (item, type, platform, channel, entry, index, path, raw) => {
      k.fast = compileFastBuilder(codec, rename, timed, false) ?? none
      return k.fast(item, type, platform, channel, entry, index, path, raw)
    },
    fastStrict: (item, type, platform, channel, entry, index, path, raw) => {
      k.fastStrict = compileFastBuilder(codec, rename, timed, true) ?? none
      return k.fastStrict(item, type, platform, channel, entry, index, path, raw)
    },
  }
  return k
}

const none = (): undefined => undefined

/** Elements of `changes[]`: every one is a `change`. */
export const CHANGE = kind('change', 'field', Change)
const MESSAGE = kind('message', 'message', MessageItem)
const MESSAGE_ECHO = kind('message_echo', 'message', MessageEchoItem)

/**
 * Event keys in the order of docs/reference.md#how-an-item-is-classified (`message` first;
 * `referral` and `prior_message` next to a message or postback are modifiers, which this order
 * respects).
 */
export const kinds: readonly Kind[] = [
  MESSAGE,
  kind('message_edit', 'message_edit', MessageEditItem),
  kind('reaction', 'reaction', ReactionItem),
  kind('delivery', 'delivery', DeliveryItem),
  kind('read', 'read', ReadItem),
  kind('postback', 'postback', PostbackItem),
  kind('referral', 'referral', ReferralItem),
  kind('optin', 'optin', OptinItem),
  kind('account_linking', 'account_linking', AccountLinkingItem),
  kind('game_play', 'game_play', GamePlayItem),
  kind('pass_thread_control', 'pass_thread_control', PassThreadControlItem),
  kind('take_thread_control', 'take_thread_control', TakeThreadControlItem),
  kind('request_thread_control', 'request_thread_control', RequestThreadControlItem),
  kind('app_roles', 'app_roles', AppRolesItem),
  kind('policy_enforcement', 'policy_enforcement', PolicyEnforcementItem),
  kind('policy_enforcement', 'policy-enforcement', LegacyPolicyEnforcementItem, 'policy_enforcement'),
  kind('messaging_feedback', 'messaging_feedback', MessagingFeedbackItem),
  kind('response_feedback', 'response_feedback', ResponseFeedbackItem),
  kind('send_cart', 'order', SendCartItem),
  kind('message_request', 'message_request', MessageRequestItem),
  kind('payment', 'payment', PaymentItem),
  kind('checkout_update', 'checkout_update', CheckoutUpdateItem),
  kind('pre_checkout', 'pre_checkout', PreCheckoutItem),
  kind('branded_camera', 'branded_camera', BrandedCameraItem),
]

const rest = kinds.slice(1)

function probe(item: Record<string, unknown>): Kind | undefined {
  const message = item.message
  if (message !== undefined) {
    return isRecord(message) && message.is_echo === true ? MESSAGE_ECHO : MESSAGE
  }
  for (let i = 0; i < rest.length; i++) {
    const k = rest[i] as Kind
    if (item[k.key] !== undefined) return k
  }
  return undefined
}

/**
 * The same probe compiled with constant key names (jit.ts): each read is a named property load
 * with its own inline cache, where the loop's `item[k.key]` is one keyed load that sees every
 * key and every item shape.
 */
function compileProbe(): typeof probe | undefined {
  if (!canCompile()) return undefined
  const reads = rest.map((k, i) => `if(item[${JSON.stringify(k.key)}]!==undefined)return rest[${i}];`).join('')
  try {
    return new Function(
      'isRecord',
      'MESSAGE',
      'MESSAGE_ECHO',
      'rest',
      `"use strict";return function kindOf(item){var m=item.message;if(m!==undefined)return isRecord(m)&&m.is_echo===true?MESSAGE_ECHO:MESSAGE;${reads}return undefined}`,
    )(isRecord, MESSAGE, MESSAGE_ECHO, rest) as typeof probe
  } catch {
    return undefined
  }
}

let probeItem: typeof probe | undefined

/**
 * The kind of a messaging item, or `undefined` when it has no known event key.
 * A `message` whose `is_echo` is `true` is an echo.
 */
export function kindOf(item: Record<string, unknown>): Kind | undefined {
  return itemProbe()(item)
}

/** {@link kindOf} itself, compiled on first use where allowed: a loop calls it directly. */
export function itemProbe(): (item: Record<string, unknown>) => Kind | undefined {
  if (probeItem === undefined) probeItem = compileProbe() ?? probe
  return probeItem
}

/** All item codecs by tag (both policy spellings under `policy_enforcement`). */
export const itemCodecs: { readonly [type: string]: readonly t.Mixed[] } = (() => {
  const out: Record<string, t.Mixed[]> = Object.create(null)
  for (const k of [...kinds, MESSAGE_ECHO]) {
    const list = out[k.type] ?? []
    list.push(k.codec)
    out[k.type] = list
  }
  return out
})()
