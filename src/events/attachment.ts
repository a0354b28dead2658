/**
 * Message attachments (docs/reference.md#attachments), discriminated by `type`. The set is open:
 * Meta adds types without notice (docs/reference.md#open-value-sets), so an unknown `type`
 * decodes as {@link UnknownAttachment}, never as a failure.
 */
import * as t from 'io-ts'
import { Id, NumberLike, Opaque, oneOf, openString, Str } from '../codec/primitives.js'
import { dispatch, list, nullable, struct } from '../codec/struct.js'

const tag = <const T extends string>(name: T) => oneOf(name, [name])
/** Attachment-level `title` / `url`, seen on legacy, echo and location attachments. */
const attachmentLevel = { title: Str, url: nullable(Str) }

/**
 * `{ url }`, the payload of media attachments; `sticker_id` on stickers and, during the 2026
 * sticker transition, on their `image` twin.
 *
 * @example
 * ```ts
 * import { MediaPayload } from 'messenger-webhooks'
 * MediaPayload.is({ url: 'https://scontent.xx.fbcdn.net/x.jpg' }) // true
 * ```
 * @category attachments
 * @since 0.1.0
 */
export const MediaPayload = struct('MediaPayload', { url: Str }, { sticker_id: Id })
/** The type the `MediaPayload` codec decodes to. @category attachments @since 0.1.0 */
export type MediaPayload = t.TypeOf<typeof MediaPayload>

const media = <const T extends string>(type: T, name: string) =>
  struct(name, { type: tag(type), payload: MediaPayload }, attachmentLevel)

/** `image` (GIFs too). @example if (isAttachment(a, 'image')) a.payload.url @category attachments @since 0.1.0 */
export const ImageAttachment = media('image', 'ImageAttachment')
/** The type the `ImageAttachment` codec decodes to. @category attachments @since 0.1.0 */
export type ImageAttachment = t.TypeOf<typeof ImageAttachment>
/** `audio`. @example if (isAttachment(a, 'audio')) a.payload.url @category attachments @since 0.1.0 */
export const AudioAttachment = media('audio', 'AudioAttachment')
/** The type the `AudioAttachment` codec decodes to. @category attachments @since 0.1.0 */
export type AudioAttachment = t.TypeOf<typeof AudioAttachment>
/** `video`. @example if (isAttachment(a, 'video')) a.payload.url @category attachments @since 0.1.0 */
export const VideoAttachment = media('video', 'VideoAttachment')
/** The type the `VideoAttachment` codec decodes to. @category attachments @since 0.1.0 */
export type VideoAttachment = t.TypeOf<typeof VideoAttachment>
/** `file`. @example if (isAttachment(a, 'file')) a.payload.url @category attachments @since 0.1.0 */
export const FileAttachment = media('file', 'FileAttachment')
/** The type the `FileAttachment` codec decodes to. @category attachments @since 0.1.0 */
export type FileAttachment = t.TypeOf<typeof FileAttachment>

/**
 * `sticker` (Messenger, 2026+): `payload.sticker_id` identifies it; `369239263222822` and
 * its medium/large twins are the Like sticker.
 *
 * @example
 * ```ts
 * import { isAttachment } from 'messenger-webhooks'
 * declare const a: import('messenger-webhooks').Attachment
 * if (isAttachment(a, 'sticker')) a.payload.sticker_id
 * ```
 * @category attachments
 * @since 0.1.0
 */
export const StickerAttachment = struct(
  'StickerAttachment',
  {
    type: tag('sticker'),
    payload: struct('StickerPayload', { url: Str, sticker_id: Id }),
  },
  attachmentLevel,
)
/** The type the `StickerAttachment` codec decodes to. @category attachments @since 0.1.0 */
export type StickerAttachment = t.TypeOf<typeof StickerAttachment>

/**
 * `fallback`: a link share or unsupported share. v6.0+ sends `payload: { url, title }`; echoes and
 * older payloads send `payload: null` with `title` / `url` (or legacy `URL`) on the attachment,
 * and some carry no payload at all (docs/reference.md#fallback-shapes).
 *
 * @example
 * ```ts
 * import { FallbackAttachment } from 'messenger-webhooks'
 * FallbackAttachment.is({ type: 'fallback', payload: null, title: 'Legacy', url: 'https://x' }) // true
 * ```
 * @category attachments
 * @since 0.1.0
 */
export const FallbackAttachment = struct(
  'FallbackAttachment',
  { type: tag('fallback') },
  {
    payload: nullable(struct('FallbackPayload', {}, { url: Str, title: Str })),
    ...attachmentLevel,
    URL: Str,
  },
)
/** The type the `FallbackAttachment` codec decodes to. @category attachments @since 0.1.0 */
export type FallbackAttachment = t.TypeOf<typeof FallbackAttachment>

const SharePayload = struct('SharePayload', { url: Str }, { title: Str, reel_video_id: Id, id: Id })
const share = <const T extends string>(type: T, name: string) =>
  struct(name, { type: tag(type), payload: SharePayload }, attachmentLevel)

/** `reel` (Facebook reel share). @example if (isAttachment(a, 'reel')) a.payload.reel_video_id @category attachments @since 0.1.0 */
export const ReelAttachment = share('reel', 'ReelAttachment')
/** The type the `ReelAttachment` codec decodes to. @category attachments @since 0.1.0 */
export type ReelAttachment = t.TypeOf<typeof ReelAttachment>
/** `ig_reel` (Instagram reel share). @example if (isAttachment(a, 'ig_reel')) a.payload.url @category attachments @since 0.1.0 */
export const IgReelAttachment = share('ig_reel', 'IgReelAttachment')
/** The type the `IgReelAttachment` codec decodes to. @category attachments @since 0.1.0 */
export type IgReelAttachment = t.TypeOf<typeof IgReelAttachment>
/** `post` (Facebook post share). @example if (isAttachment(a, 'post')) a.payload.id @category attachments @since 0.1.0 */
export const PostAttachment = share('post', 'PostAttachment')
/** The type the `PostAttachment` codec decodes to. @category attachments @since 0.1.0 */
export type PostAttachment = t.TypeOf<typeof PostAttachment>
/** `ig_post` (Instagram post share). @example if (isAttachment(a, 'ig_post')) a.payload.url @category attachments @since 0.1.0 */
export const IgPostAttachment = share('ig_post', 'IgPostAttachment')
/** The type the `IgPostAttachment` codec decodes to. @category attachments @since 0.1.0 */
export type IgPostAttachment = t.TypeOf<typeof IgPostAttachment>
/** `share` (legacy IG post share). @example if (isAttachment(a, 'share')) a.payload.url @category attachments @since 0.1.0 */
export const ShareAttachment = share('share', 'ShareAttachment')
/** The type the `ShareAttachment` codec decodes to. @category attachments @since 0.1.0 */
export type ShareAttachment = t.TypeOf<typeof ShareAttachment>
/** `story_mention` (IG: someone mentioned the business in their story; CDN URL). @example if (isAttachment(a, 'story_mention')) a.payload.url @category attachments @since 0.1.0 */
export const StoryMentionAttachment = media('story_mention', 'StoryMentionAttachment')
/** The type the `StoryMentionAttachment` codec decodes to. @category attachments @since 0.1.0 */
export type StoryMentionAttachment = t.TypeOf<typeof StoryMentionAttachment>
/** `story` (IG). @example if (isAttachment(a, 'story')) a.payload.url @category attachments @since 0.1.0 */
export const StoryAttachment = media('story', 'StoryAttachment')
/** The type the `StoryAttachment` codec decodes to. @category attachments @since 0.1.0 */
export type StoryAttachment = t.TypeOf<typeof StoryAttachment>
/** `ig_story` (IG). @example if (isAttachment(a, 'ig_story')) a.payload.url @category attachments @since 0.1.0 */
export const IgStoryAttachment = media('ig_story', 'IgStoryAttachment')
/** The type the `IgStoryAttachment` codec decodes to. @category attachments @since 0.1.0 */
export type IgStoryAttachment = t.TypeOf<typeof IgStoryAttachment>
/** `media` (IG). @example if (isAttachment(a, 'media')) a.payload.url @category attachments @since 0.1.0 */
export const MediaAttachment = media('media', 'MediaAttachment')
/** The type the `MediaAttachment` codec decodes to. @category attachments @since 0.1.0 */
export type MediaAttachment = t.TypeOf<typeof MediaAttachment>

/**
 * `ephemeral` (IG "view once" media): no URL, usually no payload.
 *
 * @example
 * ```ts
 * import { EphemeralAttachment } from 'messenger-webhooks'
 * EphemeralAttachment.is({ type: 'ephemeral' }) // true
 * ```
 * @category attachments
 * @since 0.1.0
 */
export const EphemeralAttachment = struct(
  'EphemeralAttachment',
  { type: tag('ephemeral') },
  { payload: nullable(Opaque), ...attachmentLevel },
)
/** The type the `EphemeralAttachment` codec decodes to. @category attachments @since 0.1.0 */
export type EphemeralAttachment = t.TypeOf<typeof EphemeralAttachment>

/**
 * `appointment_booking` (Messenger): `start_time` / `end_time` in Unix seconds.
 *
 * @example
 * ```ts
 * import { AppointmentBookingAttachment } from 'messenger-webhooks'
 * AppointmentBookingAttachment.is({ type: 'appointment_booking', payload: { booking_id: '1', status: 'requested' } }) // true
 * ```
 * @category attachments
 * @since 0.1.0
 */
export const AppointmentBookingAttachment = struct(
  'AppointmentBookingAttachment',
  {
    type: tag('appointment_booking'),
    payload: struct(
      'AppointmentBookingPayload',
      {
        booking_id: Id,
        status: openString<'requested' | 'confirmed' | 'declined' | 'cancelled'>('BookingStatus'),
      },
      { start_time: NumberLike, end_time: NumberLike, timezone: Str },
    ),
  },
  attachmentLevel,
)
/** The type the `AppointmentBookingAttachment` codec decodes to. @category attachments @since 0.1.0 */
export type AppointmentBookingAttachment = t.TypeOf<typeof AppointmentBookingAttachment>

/**
 * One product of a product `template` attachment.
 *
 * @example
 * ```ts
 * import { ProductElement } from 'messenger-webhooks'
 * ProductElement.is({ id: '7001', retailer_id: 'SKU-7001' }) // true
 * ```
 * @category attachments
 * @since 0.1.0
 */
export const ProductElement = struct(
  'ProductElement',
  { id: Id },
  { retailer_id: Str, image_url: Str, title: Str, subtitle: Str },
)
/** The type the `ProductElement` codec decodes to. @category attachments @since 0.1.0 */
export type ProductElement = t.TypeOf<typeof ProductElement>

/**
 * `template`: a product shared into the thread (`payload.product.elements`), or on echoes the
 * Send-API template that was sent (`payload.template_type`, `payload.elements`, kept as sent).
 *
 * @example
 * ```ts
 * import { TemplateAttachment } from 'messenger-webhooks'
 * TemplateAttachment.is({ type: 'template', payload: { template_type: 'media', elements: [] } }) // true
 * ```
 * @category attachments
 * @since 0.1.0
 */
export const TemplateAttachment = struct(
  'TemplateAttachment',
  {
    type: tag('template'),
    payload: struct(
      'TemplatePayload',
      {},
      {
        template_type: Str,
        product: struct('TemplateProduct', { elements: list(ProductElement) }),
        elements: list(Opaque),
        buttons: list(Opaque),
        text: Str,
      },
      // Echoes carry the Send-API template as sent; its fields are the sender's, not Meta's.
      { open: true },
    ),
  },
  attachmentLevel,
)
/** The type the `TemplateAttachment` codec decodes to. @category attachments @since 0.1.0 */
export type TemplateAttachment = t.TypeOf<typeof TemplateAttachment>

/**
 * `location` (legacy location quick reply, deprecated with Graph v4.0).
 *
 * @example
 * ```ts
 * import { LocationAttachment } from 'messenger-webhooks'
 * LocationAttachment.is({ type: 'location', payload: { coordinates: { lat: 1, long: 2 } } }) // true
 * ```
 * @category attachments
 * @since 0.1.0
 */
export const LocationAttachment = struct(
  'LocationAttachment',
  {
    type: tag('location'),
    payload: struct('LocationPayload', {
      coordinates: struct('Coordinates', { lat: NumberLike, long: NumberLike }),
    }),
  },
  attachmentLevel,
)
/** The type the `LocationAttachment` codec decodes to. @category attachments @since 0.1.0 */
export type LocationAttachment = t.TypeOf<typeof LocationAttachment>

/**
 * An attachment whose `type` this version does not know: kept as data, payload untouched.
 *
 * @example
 * ```ts
 * import { UnknownAttachment } from 'messenger-webhooks'
 * UnknownAttachment.is({ type: 'hologram', payload: { url: 'https://x' } }) // true
 * ```
 * @category attachments
 * @since 0.1.0
 */
export const UnknownAttachment = struct('UnknownAttachment', { type: Str }, { payload: t.unknown })
/**
 * The type the `UnknownAttachment` codec decodes to: any `type`, its `payload` kept as is.
 *
 * @category attachments
 * @since 0.1.0
 */
export interface UnknownAttachment {
  readonly type: string
  readonly payload?: unknown
}

/**
 * Attachment types this version decodes with a dedicated codec: `type` value → codec.
 *
 * @example
 * ```ts
 * import { knownAttachments } from 'messenger-webhooks'
 * knownAttachments.image.is({ type: 'image', payload: { url: 'https://example.com/a.jpg' } }) // true
 * 'hologram' in knownAttachments // false: decoded as an UnknownAttachment
 * ```
 * @category attachments
 * @since 0.1.0
 */
export const knownAttachments = {
  image: ImageAttachment,
  audio: AudioAttachment,
  video: VideoAttachment,
  file: FileAttachment,
  sticker: StickerAttachment,
  fallback: FallbackAttachment,
  reel: ReelAttachment,
  ig_reel: IgReelAttachment,
  post: PostAttachment,
  ig_post: IgPostAttachment,
  share: ShareAttachment,
  story_mention: StoryMentionAttachment,
  story: StoryAttachment,
  ig_story: IgStoryAttachment,
  media: MediaAttachment,
  ephemeral: EphemeralAttachment,
  appointment_booking: AppointmentBookingAttachment,
  template: TemplateAttachment,
  location: LocationAttachment,
} as const

/** The `type` values with a dedicated codec. @category attachments @since 0.1.0 */
export type KnownAttachmentType = keyof typeof knownAttachments
/** An attachment of a known type. @category attachments @since 0.1.0 */
export type KnownAttachment = {
  [K in KnownAttachmentType]: t.TypeOf<(typeof knownAttachments)[K]>
}[KnownAttachmentType]

/**
 * Any attachment: a known one or an {@link UnknownAttachment}. Because the set is open, narrow
 * with {@link isAttachment} rather than by comparing `type`.
 *
 * @example
 * ```ts
 * import { Attachment } from 'messenger-webhooks'
 * Attachment.is({ type: 'image', payload: { url: 'https://x' } }) // true
 * ```
 * @category attachments
 * @since 0.1.0
 */
export const Attachment = dispatch(
  'Attachment',
  'type',
  knownAttachments as { readonly [k: string]: t.Mixed },
  UnknownAttachment,
) as unknown as t.Type<Attachment, unknown, unknown>
/**
 * The type the `Attachment` codec decodes to: a {@link KnownAttachment} or an {@link UnknownAttachment}.
 *
 * @category attachments
 * @since 0.1.0
 */
export type Attachment = KnownAttachment | UnknownAttachment

/**
 * Narrows an attachment to a known type.
 *
 * @example
 * ```ts
 * import { isAttachment, type Attachment } from 'messenger-webhooks'
 * declare const a: Attachment
 * if (isAttachment(a, 'image')) console.log(a.payload.url)
 * ```
 * @category attachments
 * @since 0.1.0
 */
export function isAttachment<K extends KnownAttachmentType>(
  attachment: Attachment,
  type: K,
): attachment is t.TypeOf<(typeof knownAttachments)[K]> {
  return attachment.type === type && (knownAttachments[type] as t.Mixed).is(attachment)
}
