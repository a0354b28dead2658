import { describe, expect, it } from 'vitest'
import { Order, OrderProduct, SendCartItem } from '../../src/index.js'
import {
  AT,
  body,
  decode,
  expectDocumentedMissing,
  fixture,
  itemOf,
  narrow,
  PAGE_ID,
  PSID,
  person,
  soleEvent,
  soleInvalid,
} from './helpers.js'

const product = { id: '123', retailer_id: 'retailer_id_1', name: 'name1', unit_price: 11, currency: 'THB', quantity: 1 }
const cart = { ...person, order: { products: [product] } }
const withProduct = (p: unknown) => ({ ...person, order: { products: [p] } })

describe('send_cart', () => {
  describe('decodes each documented variant', () => {
    it('decodes the order key as a send_cart event with its products and note', () => {
      const b = fixture('messenger/send_cart.order.json')
      const e = soleEvent(b, 'send_cart')
      expect(e.order.products).toEqual([
        { id: '123', retailer_id: 'retailer_id_1', name: 'name1', unit_price: 11, currency: 'THB', quantity: 1 },
        { id: '456', retailer_id: 'retailer_id_2', name: 'name2', unit_price: 22.5, currency: 'THB', quantity: 2 },
      ])
      expect(e.order.note).toBe('foobar')
      expect(e.sender).toEqual({ id: PSID })
      expect(e.entry).toEqual({ id: PAGE_ID, time: 1458692752600, index: 0 })
      expect(e.raw).toBe(itemOf(b))
    })

    it('decodes an empty cart without note', () => {
      const e = soleEvent(body([{ ...person, order: { products: [] } }]), 'send_cart')
      expect(e.order).toEqual({ products: [] })
    })
  })

  describe('normalisation', () => {
    it('decodes the numeric product ids 123 and 456 to strings; raw keeps the numbers', () => {
      const b = fixture('messenger/send_cart.order.json')
      const e = soleEvent(b, 'send_cart')
      expect(e.order.products.map((p) => p.id)).toEqual(['123', '456'])
      const raw = itemOf(b).order as { products: { id: unknown }[] }
      expect(raw.products.map((p) => p.id)).toEqual([123, 456])
    })

    it('decodes unit_price and quantity sent as numeric strings to numbers', () => {
      const item = withProduct({ ...product, unit_price: '11.50', quantity: '2' })
      const e = soleEvent(body([item]), 'send_cart')
      expect(e.order.products[0]?.unit_price).toBe(11.5)
      expect(e.order.products[0]?.quantity).toBe(2)
      expect(e.raw).toBe(item)
    })
  })

  describe('failures', () => {
    it.each([
      ['products is missing', { note: 'n' }, 'order.products', 'missing required property "products" (OrderProduct[])'],
      [
        'a product has no id',
        { products: [{ quantity: 1 }] },
        'order.products[0].id',
        'missing required property "id" (Id)',
      ],
      [
        'a product id is a boolean',
        { products: [{ ...product, id: true }] },
        'order.products[0].id',
        'expected an ID (a string or a whole number), got boolean true',
      ],
      [
        'the currency is a number',
        { products: [{ ...product, currency: 764 }] },
        'order.products[0].currency',
        'expected a string, got number 764',
      ],
      [
        'the second quantity is not numeric',
        { products: [product, { ...product, quantity: 'two' }] },
        'order.products[1].quantity',
        'expected a number (or a numeric string), got the string "two"',
      ],
      ['the note is a number', { products: [], note: 1 }, 'order.note', 'expected a string, got number 1'],
      ['the order is an array', [product], 'order', 'expected an object (Order), got an array of 1'],
    ])('rejects a cart where %s', (_case, order, path, message) => {
      const bad = soleInvalid(body([{ ...person, order }]))
      expect(bad.type).toBe('send_cart')
      expect(bad.path).toBe(`${AT}.${path}`)
      expect(bad.message).toBe(`${AT}.${path}: ${message}`)
    })

    it('does not let a bad cart affect a valid neighbour in the same body', () => {
      const badItem = withProduct({ ...product, name: 5 })
      const d = decode(body([cart, badItem]))
      expect(narrow(d.events[0], 'send_cart').raw).toBe(cart)
      expect(d.events).toHaveLength(1)
      expect(d.invalid.map((i) => i.path)).toEqual(['entry[0].messaging[1].order.products[0].name'])
    })

    it('accepts a cart line with its product ID and quantity only; strict mode reports the documented fields', () => {
      const e = expectDocumentedMissing(
        fixture('strict/send_cart.product-id-only.json'),
        'send_cart',
        `${AT}.order.products[0].retailer_id`,
      )
      expect(e.order.products).toEqual([{ id: '7333333333333333', quantity: 2 }])
      const strict = decode(fixture('strict/send_cart.product-id-only.json'), { strict: true })
      expect(strict.invalid[0]?.issues.map((i) => i.path.slice(i.path.lastIndexOf('.') + 1))).toEqual([
        'retailer_id',
        'name',
        'unit_price',
        'currency',
      ])
    })
  })

  describe('codecs', () => {
    it('guard a product, an order and an item', () => {
      expect(OrderProduct.is(product)).toBe(true)
      expect(OrderProduct.is({ ...product, id: 123 })).toBe(false)
      expect(Order.is({ products: [], note: 'foobar' })).toBe(true)
      expect(SendCartItem.is(cart)).toBe(true)
    })

    it('OrderProduct.decode turns a numeric id into a string', () => {
      const r = OrderProduct.decode({ ...product, id: 456 })
      expect(r._tag === 'Right' && r.right.id).toBe('456')
    })
  })
})
