/**
 * `changes`-style notifications (tag `change`; docs/reference.md#changes-notifications): one element of `entry[].changes[]` is
 * `{ field, value }`. The fields below have a value codec, picked by `field` through a table
 * (`dispatch`); any other field is an {@link OtherChange} whose `value` is kept as sent.
 *
 * Value codecs are lenient: only what makes a value usable is required (a comment's `id`, the
 * `media_id` of a mention or of story insights, a feed change's `item` and `verb`, …), IDs are
 * `Id`, numbers `NumberLike`, enumerations Meta extends are open strings. A value that does not
 * match its field's codec makes the item invalid, with the path of the bad field.
 */
import * as t from 'io-ts'
import { Bool, Id, NumberLike, Opaque, oneOf, openString, Str, Timestamp } from '../codec/primitives.js'
import { dispatch, list, nullable, refine, struct } from '../codec/struct.js'
import { Recipient, SenderId } from './common.js'
import { Reaction } from './reaction.js'

// ---------------------------------------------------------------------------------------------
// Values.

/** Known `event` values of a template status update (WhatsApp's list); the set is open. @category changes @since 0.1.0 */
export type TemplateStatusEventName =
  | 'APPROVED'
  | 'REJECTED'
  | 'PENDING'
  | 'DISABLED'
  | 'PAUSED'
  | 'PENDING_DELETION'
  | 'FLAGGED'
  | 'REINSTATED'

/** Known template categories; the set is open. @category changes @since 0.1.0 */
export type TemplateCategoryName = 'UTILITY' | 'MARKETING' | 'AUTHENTICATION'

/**
 * The value of a `messenger_template_status_update` (or `message_template_status_update`)
 * change: a utility message template was reviewed, paused, disabled, …. No Meta page shows a
 * Messenger payload, so the shape follows WhatsApp's `message_template_status_update`, and
 * every property but `event` is optional.
 *
 * @example
 * ```ts
 * import { TemplateStatusValue } from 'messenger-webhooks'
 * TemplateStatusValue.is({ event: 'APPROVED', message_template_id: '5550001', message_template_name: 'order_update' }) // true
 * ```
 * @category changes
 * @since 0.1.0
 */
export const TemplateStatusValue = struct(
  'TemplateStatusValue',
  { event: openString<TemplateStatusEventName>('TemplateStatusEvent') },
  {
    message_template_id: Id,
    message_template_name: Str,
    message_template_language: Str,
    message_template_category: openString<TemplateCategoryName>('TemplateCategory'),
    reason: nullable(openString<'NONE'>('TemplateStatusReason')),
    other_info: Opaque,
    disable_info: Opaque,
  },
)
/** The type the `TemplateStatusValue` codec decodes to. @category changes @since 0.1.0 */
export type TemplateStatusValue = t.TypeOf<typeof TemplateStatusValue>

/**
 * The author of an Instagram comment: Instagram-scoped `id`, and `username`.
 *
 * @example
 * ```ts
 * import { CommentAuthor } from 'messenger-webhooks'
 * CommentAuthor.is({ id: '1200000000000001', username: 'jane.doe' }) // true
 * ```
 * @category changes
 * @since 0.1.0
 */
export const CommentAuthor = struct('CommentAuthor', { id: Id }, { username: Str, self_ig_scoped_id: Id })
/** The type the `CommentAuthor` codec decodes to. @category changes @since 0.1.0 */
export type CommentAuthor = t.TypeOf<typeof CommentAuthor>

/** Known `media_product_type` values; the set is open. @category changes @since 0.1.0 */
export type MediaProductTypeName = 'FEED' | 'REELS' | 'STORY' | 'AD'

/**
 * The Instagram media a comment was made on: its `id`, and where it was published.
 *
 * @example
 * ```ts
 * import { CommentMedia } from 'messenger-webhooks'
 * CommentMedia.is({ id: '17887498072083520', media_product_type: 'REELS' }) // true
 * ```
 * @category changes
 * @since 0.1.0
 */
export const CommentMedia = struct(
  'CommentMedia',
  { id: Id },
  {
    media_product_type: openString<MediaProductTypeName>('MediaProductType'),
    original_media_id: Id,
    ad_id: Id,
    ad_title: Str,
  },
)
/** The type the `CommentMedia` codec decodes to. @category changes @since 0.1.0 */
export type CommentMedia = t.TypeOf<typeof CommentMedia>

/**
 * The value of an Instagram `comments` or `live_comments` change: the comment `id`, and (with
 * Business Login for Instagram, or since late 2021 with Facebook Login) its `text`, author,
 * media and `parent_id` for replies. Only `id` is required.
 *
 * @example
 * ```ts
 * import { CommentValue } from 'messenger-webhooks'
 * CommentValue.is({ id: '17865799348089039', text: 'Love it', media: { id: '17887498072083520' } }) // true
 * CommentValue.is({ text: 'no id' }) // false
 * ```
 * @category changes
 * @since 0.1.0
 */
export const CommentValue = struct(
  'CommentValue',
  { id: Id },
  { text: Str, from: CommentAuthor, media: CommentMedia, parent_id: Id },
)
/** The type the `CommentValue` codec decodes to. @category changes @since 0.1.0 */
export type CommentValue = t.TypeOf<typeof CommentValue>

/**
 * The value of an Instagram `mentions` change: the account was mentioned (with an @) in the caption of
 * `media_id`, or, with `comment_id`, in a comment on it.
 *
 * @example
 * ```ts
 * import { MentionValue } from 'messenger-webhooks'
 * MentionValue.is({ media_id: '17918195224117851', comment_id: '17894227972186120' }) // true
 * ```
 * @category changes
 * @since 0.1.0
 */
export const MentionValue = struct('MentionValue', { media_id: Id }, { comment_id: Id })
/** The type the `MentionValue` codec decodes to. @category changes @since 0.1.0 */
export type MentionValue = t.TypeOf<typeof MentionValue>

/**
 * The value of an Instagram `story_insights` change, sent when a story expires: the story's
 * `media_id` and its metrics (each a number or a numeric string on the wire, a number after
 * decoding; Meta may leave any of them out).
 *
 * @example
 * ```ts
 * import { StoryInsightsValue } from 'messenger-webhooks'
 * StoryInsightsValue.decode({ media_id: '18023345000000001', reach: '41', exits: 2 }) // right({ …, reach: 41 })
 * ```
 * @category changes
 * @since 0.1.0
 */
export const StoryInsightsValue = struct(
  'StoryInsightsValue',
  { media_id: Id },
  {
    impressions: NumberLike,
    reach: NumberLike,
    taps_forward: NumberLike,
    taps_back: NumberLike,
    exits: NumberLike,
    replies: NumberLike,
  },
)
/** The type the `StoryInsightsValue` codec decodes to. @category changes @since 0.1.0 */
export type StoryInsightsValue = t.TypeOf<typeof StoryInsightsValue>

/**
 * The value of a `message_reactions` change: a reaction messaging item sent in the
 * `{ field, value }` form. `reaction` is required (as in a `reaction` event); `sender`,
 * `recipient` and `timestamp` are optional here.
 *
 * @example
 * ```ts
 * import { MessageReactionsValue } from 'messenger-webhooks'
 * MessageReactionsValue.is({ sender: { id: '1' }, reaction: { mid: 'aWdf_1', action: 'react', reaction: 'love' } }) // true
 * ```
 * @category changes
 * @since 0.1.0
 */
export const MessageReactionsValue = struct(
  'MessageReactionsValue',
  { reaction: Reaction },
  { sender: SenderId, recipient: Recipient, timestamp: Timestamp },
)
/** The type the `MessageReactionsValue` codec decodes to. @category changes @since 0.1.0 */
export type MessageReactionsValue = t.TypeOf<typeof MessageReactionsValue>

/**
 * Who made a Page feed change: `id` (a person or a Page) and `name`.
 *
 * @example
 * ```ts
 * import { FeedAuthor } from 'messenger-webhooks'
 * FeedAuthor.is({ id: '2400000000000001', name: 'Test User' }) // true
 * ```
 * @category changes
 * @since 0.1.0
 */
export const FeedAuthor = struct('FeedAuthor', { id: Id }, { name: Str })
/** The type the `FeedAuthor` codec decodes to. @category changes @since 0.1.0 */
export type FeedAuthor = t.TypeOf<typeof FeedAuthor>

/** Known `item` values of a Page feed change; the set is open. @category changes @since 0.1.0 */
export type FeedItemName =
  | 'album'
  | 'comment'
  | 'event'
  | 'like'
  | 'link'
  | 'photo'
  | 'post'
  | 'reaction'
  | 'share'
  | 'status'
  | 'video'

/** Known `verb` values of a Page feed change; the set is open. @category changes @since 0.1.0 */
export type FeedVerbName = 'add' | 'edited' | 'remove' | 'hide' | 'unhide' | 'block' | 'unblock'

/** Known `reaction_type` values of a Page feed reaction; the set is open. @category changes @since 0.1.0 */
export type FeedReactionName = 'like' | 'love' | 'care' | 'haha' | 'wow' | 'sad' | 'angry'

/**
 * The value of a Page `feed` change: what kind of thing changed (`item`: `status`, `comment`,
 * `reaction`, …) and how (`verb`: `add`, `edited`, `remove`, …), both open strings and both
 * required; the rest is optional. `created_time` is in Unix seconds.
 *
 * @example
 * ```ts
 * import { FeedValue } from 'messenger-webhooks'
 * FeedValue.is({ item: 'comment', verb: 'add', post_id: '1_2', comment_id: '2_3', message: 'Nice!' }) // true
 * FeedValue.is({ item: 'comment' }) // false: no verb
 * ```
 * @category changes
 * @since 0.1.0
 */
export const FeedValue = struct(
  'FeedValue',
  { item: openString<FeedItemName>('FeedItem'), verb: openString<FeedVerbName>('FeedVerb') },
  {
    post_id: Id,
    comment_id: Id,
    parent_id: Id,
    from: FeedAuthor,
    created_time: Timestamp,
    message: Str,
    published: NumberLike,
    is_hidden: Bool,
    reaction_type: openString<FeedReactionName>('FeedReactionType'),
    link: Str,
    photo: Str,
    photos: list(Str),
    video_id: Id,
    share_id: Id,
    recipient_id: Id,
    post: Opaque,
  },
)
/** The type the `FeedValue` codec decodes to. @category changes @since 0.1.0 */
export type FeedValue = t.TypeOf<typeof FeedValue>

/**
 * The value the App Dashboard's "Test" button sends for the Messenger `messages` field, as a
 * change (with `entry.id` `"0"`): the `page_id` the test was sent for.
 *
 * @example
 * ```ts
 * import { MessagesTestValue } from 'messenger-webhooks'
 * MessagesTestValue.decode({ page_id: 104857600000001 }) // right({ page_id: '104857600000001' })
 * ```
 * @category changes
 * @since 0.1.0
 */
export const MessagesTestValue = struct('MessagesTestValue', { page_id: Id })
/** The type the `MessagesTestValue` codec decodes to. @category changes @since 0.1.0 */
export type MessagesTestValue = t.TypeOf<typeof MessagesTestValue>

// ---------------------------------------------------------------------------------------------
// Changes: `{ field, value }` with a known field.

/** A change codec for one field: `field` is that literal, `value` is required and of `value`. */
function changeOf<const F extends string, V extends t.Mixed>(name: string, field: F, value: V) {
  return struct(name, { field: oneOf(`${name}Field`, [field]), value })
}

/**
 * A `messenger_template_status_update` change (the Messenger Webhook Events list's name).
 *
 * @example
 * ```ts
 * import { MessengerTemplateStatusChange } from 'messenger-webhooks'
 * MessengerTemplateStatusChange.is({ field: 'messenger_template_status_update', value: { event: 'APPROVED' } }) // true
 * ```
 * @category changes
 * @since 0.1.0
 */
export const MessengerTemplateStatusChange = changeOf(
  'MessengerTemplateStatusChange',
  'messenger_template_status_update',
  TemplateStatusValue,
)
/** The type the `MessengerTemplateStatusChange` codec decodes to. @category changes @since 0.1.0 */
export type MessengerTemplateStatusChange = t.TypeOf<typeof MessengerTemplateStatusChange>

/**
 * A `message_template_status_update` change (the name the Utility Messages guide uses); same
 * value as {@link MessengerTemplateStatusChange}.
 *
 * @example
 * ```ts
 * import { MessageTemplateStatusChange } from 'messenger-webhooks'
 * MessageTemplateStatusChange.is({ field: 'message_template_status_update', value: { event: 'REJECTED' } }) // true
 * ```
 * @category changes
 * @since 0.1.0
 */
export const MessageTemplateStatusChange = changeOf(
  'MessageTemplateStatusChange',
  'message_template_status_update',
  TemplateStatusValue,
)
/** The type the `MessageTemplateStatusChange` codec decodes to. @category changes @since 0.1.0 */
export type MessageTemplateStatusChange = t.TypeOf<typeof MessageTemplateStatusChange>

/**
 * An Instagram `comments` change: a comment on the account's media.
 *
 * @example
 * ```ts
 * import { CommentsChange } from 'messenger-webhooks'
 * CommentsChange.is({ field: 'comments', value: { id: '17865799348089039', text: 'Hi' } }) // true
 * ```
 * @category changes
 * @since 0.1.0
 */
export const CommentsChange = changeOf('CommentsChange', 'comments', CommentValue)
/** The type the `CommentsChange` codec decodes to. @category changes @since 0.1.0 */
export type CommentsChange = t.TypeOf<typeof CommentsChange>

/**
 * An Instagram `live_comments` change: a comment on the account's live video; same value as
 * {@link CommentsChange}.
 *
 * @example
 * ```ts
 * import { LiveCommentsChange } from 'messenger-webhooks'
 * LiveCommentsChange.is({ field: 'live_comments', value: { id: '17865799348089040', text: 'Hello live' } }) // true
 * ```
 * @category changes
 * @since 0.1.0
 */
export const LiveCommentsChange = changeOf('LiveCommentsChange', 'live_comments', CommentValue)
/** The type the `LiveCommentsChange` codec decodes to. @category changes @since 0.1.0 */
export type LiveCommentsChange = t.TypeOf<typeof LiveCommentsChange>

/**
 * An Instagram `mentions` change: the account was mentioned (with an @) in a caption or a comment.
 *
 * @example
 * ```ts
 * import { MentionsChange } from 'messenger-webhooks'
 * MentionsChange.is({ field: 'mentions', value: { media_id: '17918195224117851' } }) // true
 * ```
 * @category changes
 * @since 0.1.0
 */
export const MentionsChange = changeOf('MentionsChange', 'mentions', MentionValue)
/** The type the `MentionsChange` codec decodes to. @category changes @since 0.1.0 */
export type MentionsChange = t.TypeOf<typeof MentionsChange>

/**
 * An Instagram `story_insights` change: the metrics of a story that expired.
 *
 * @example
 * ```ts
 * import { StoryInsightsChange } from 'messenger-webhooks'
 * StoryInsightsChange.is({ field: 'story_insights', value: { media_id: '18023345000000001', reach: 41 } }) // true
 * ```
 * @category changes
 * @since 0.1.0
 */
export const StoryInsightsChange = changeOf('StoryInsightsChange', 'story_insights', StoryInsightsValue)
/** The type the `StoryInsightsChange` codec decodes to. @category changes @since 0.1.0 */
export type StoryInsightsChange = t.TypeOf<typeof StoryInsightsChange>

/**
 * A `message_reactions` change: a reaction delivered as `{ field, value }` instead of a
 * messaging item.
 *
 * @example
 * ```ts
 * import { MessageReactionsChange } from 'messenger-webhooks'
 * MessageReactionsChange.is({ field: 'message_reactions', value: { reaction: { mid: 'm_1', action: 'unreact' } } }) // true
 * ```
 * @category changes
 * @since 0.1.0
 */
export const MessageReactionsChange = changeOf('MessageReactionsChange', 'message_reactions', MessageReactionsValue)
/** The type the `MessageReactionsChange` codec decodes to. @category changes @since 0.1.0 */
export type MessageReactionsChange = t.TypeOf<typeof MessageReactionsChange>

/**
 * A Page `feed` change: a post, comment, reaction, share, … on the Page's feed.
 *
 * @example
 * ```ts
 * import { FeedChange } from 'messenger-webhooks'
 * FeedChange.is({ field: 'feed', value: { item: 'status', verb: 'add', post_id: '1_2' } }) // true
 * ```
 * @category changes
 * @since 0.1.0
 */
export const FeedChange = changeOf('FeedChange', 'feed', FeedValue)
/** The type the `FeedChange` codec decodes to. @category changes @since 0.1.0 */
export type FeedChange = t.TypeOf<typeof FeedChange>

/**
 * The App Dashboard "Test" for the Messenger `messages` field, which arrives as a change.
 *
 * @example
 * ```ts
 * import { MessagesTestChange } from 'messenger-webhooks'
 * MessagesTestChange.is({ field: 'messages', value: { page_id: '104857600000001' } }) // true
 * ```
 * @category changes
 * @since 0.1.0
 */
export const MessagesTestChange = changeOf('MessagesTestChange', 'messages', MessagesTestValue)
/** The type the `MessagesTestChange` codec decodes to. @category changes @since 0.1.0 */
export type MessagesTestChange = t.TypeOf<typeof MessagesTestChange>

/**
 * Change fields whose `value` this version decodes: `field` value → change codec.
 *
 * @example
 * ```ts
 * import { knownChanges } from 'messenger-webhooks'
 * knownChanges.comments.is({ field: 'comments', value: { id: '17865799348089039' } }) // true
 * 'leadgen' in knownChanges // false: decoded as an OtherChange
 * ```
 * @category changes
 * @since 0.1.0
 */
export const knownChanges = {
  messenger_template_status_update: MessengerTemplateStatusChange,
  message_template_status_update: MessageTemplateStatusChange,
  comments: CommentsChange,
  live_comments: LiveCommentsChange,
  mentions: MentionsChange,
  story_insights: StoryInsightsChange,
  message_reactions: MessageReactionsChange,
  feed: FeedChange,
  messages: MessagesTestChange,
} as const

/** A change `field` whose value this version decodes (a key of {@link knownChanges}). @category changes @since 0.1.0 */
export type ChangeField = keyof typeof knownChanges

/** A change with a typed `value`. @category changes @since 0.1.0 */
export type KnownChange = { [F in ChangeField]: t.TypeOf<(typeof knownChanges)[F]> }[ChangeField]

// ---------------------------------------------------------------------------------------------
// Any other field.

/**
 * The static type of `field` on an {@link OtherChange}: at run time any string that is not a
 * {@link ChangeField} (`"leadgen"`, `"conversations"`, a field Meta adds tomorrow).
 *
 * TypeScript cannot write "any string but these", so this is a phantom pattern that no real
 * field name matches: it keeps `event.field === 'comments'` narrowing to the `comments` change
 * (a plain `string` here would keep the other change in the union, and `value` would be
 * `unknown`). The price: comparing `field` with a name that is not a `ChangeField` needs the
 * field as a `string` first (`const field: string = event.field`).
 *
 * @example
 * ```ts
 * import type { OtherChangeField, WebhookEvent } from 'messenger-webhooks'
 * declare const event: WebhookEvent
 * if (event.type === 'change') {
 *   const field: string = event.field // every field is a string
 *   if (field === 'leadgen') console.log('a lead', event.value)
 * }
 * declare const other: OtherChangeField
 * const asText: string = other // assignable to string
 * ```
 * @category changes
 * @since 0.1.0
 */
export type OtherChangeField = `${string}(a change field without a value codec)`

/** Every field with a value codec: an `OtherChange` has none of them. */
const knownFields: ReadonlySet<string> = new Set(Object.keys(knownChanges))

/**
 * A change whose `field` has no value codec here: `value` (any JSON value, optional) is kept
 * as sent.
 *
 * @example
 * ```ts
 * import { OtherChange } from 'messenger-webhooks'
 * OtherChange.is({ field: 'leadgen', value: { leadgen_id: '4440001' } }) // true
 * OtherChange.is({ field: 'comments', value: {} }) // false: comments have their own codec
 * ```
 * @category changes
 * @since 0.1.0
 */
export const OtherChange = refine(
  struct('OtherChange', { field: openString('ChangeField') }, { value: t.unknown }),
  (change) => !knownFields.has(change.field),
  'OtherChange',
  'expected a change whose field has no value codec (this field has one)',
) as unknown as t.Type<OtherChange, unknown, unknown>
/**
 * The type the `OtherChange` codec decodes to.
 *
 * @category changes
 * @since 0.1.0
 */
export interface OtherChange {
  readonly field: OtherChangeField
  readonly value?: unknown
}

/**
 * One element of `entry[].changes`: `{ field, value }`. The codec picks the change codec by
 * `field` (a table lookup, {@link knownChanges}); any other field is an {@link OtherChange}.
 *
 * @example
 * ```ts
 * import { Change } from 'messenger-webhooks'
 * Change.is({ field: 'mentions', value: { comment_id: '1', media_id: '2' } }) // true
 * Change.is({ field: 'mentions', value: { comment_id: '1' } }) // false: no media_id
 * Change.is({ field: 'holographic_inbox', value: 42 }) // true: an OtherChange
 * ```
 * @category events
 * @since 0.1.0
 */
export const Change = dispatch(
  'Change',
  'field',
  knownChanges as { readonly [field: string]: (typeof knownChanges)[ChangeField] },
  OtherChange,
  { strictFallback: true },
) as unknown as t.Type<Change, unknown, unknown>
/**
 * The type the `Change` codec decodes to: a {@link KnownChange} (narrow it by comparing
 * `field`) or an {@link OtherChange}.
 *
 * @category events
 * @since 0.1.0
 */
export type Change = KnownChange | OtherChange
