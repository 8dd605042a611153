package org.exoconsent.records;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.exoconsent.consent.Identifiers;

/**
 * What a lot number that found no consent may have been meant as (issue 14 §5, "recall never misses a patient"): a
 * typing slip in a recall must not read as "no patient received it". Whether the catalog (or a consent) holds the
 * lot asked for, and the lot numbers nearest to it — by {@link Identifiers#distance} between the keys — each with
 * its product and how many consents used it.
 *
 * @param lot      the lot number as asked
 * @param product  the product asked for, or null for any
 * @param known    whether the catalog or a consent holds this lot (of {@code product}, when given), however it is
 *                 written
 * @param nearest  the nearest other lots, nearest first (the same number of another product first of all); at most
 *                 the limit asked for; empty when the catalog and the records hold no other lot
 * @param held     the asked lot's number as the catalog writes it (exactly as asked when the catalog holds two
 *                 spellings, one of them so; else the catalog's first; else the first consent's), or null when
 *                 {@code known} is false
 * @param close    every other lot within {@link #CLOSE} edits of the asked one (the same number of another product
 *                 included), nearest first, however many: a recall that found consents names them after its list,
 *                 so that a near-identical spelling never hides silently
 * @param productKnown    whether the catalog or a consent holds {@code product} (true when no product was asked)
 * @param nearestProducts when {@code productKnown} is false, the product names nearest to the one asked (at most
 *                        three, by {@link Identifiers#distance} of their keys), else empty
 */
public record NearestLots(String lot, String product, boolean known, List<Lot> nearest, String held,
                          List<Lot> close, boolean productKnown, List<String> nearestProducts) {
    /** How many edits apart another lot is named beside a recall's list: 1 (one typing slip). */
    public static final int CLOSE = 1;

    /**
     * A lot the catalog or the records hold.
     *
     * @param product   its product (the catalog's name)
     * @param number    its number as the catalog (or else the first consent) writes it
     * @param consents  how many consents used it (those the person may see: a physician, their own)
     * @param inCatalog whether the catalog holds it (a consent may name a lot the practice catalog held)
     * @param distance  edits between its key and the key asked for (0: the same number, of another product)
     */
    public record Lot(String product, String number, long consents, boolean inCatalog, int distance) {
    }

    public NearestLots {
        nearest = List.copyOf(nearest);
        close = List.copyOf(close);
        nearestProducts = List.copyOf(nearestProducts);
    }

    /**
     * Reads the catalog's lots and the lots of the consents from the index (limited to one physician's when
     * {@code ownLicence} is given) and compares them with {@code lot}.
     *
     * @param limit how many of the nearest to give
     */
    static NearestLots find(RecordsIndex index, String lot, String product, String ownLicence, int limit)
            throws SQLException {
        String key = Identifiers.key(lot);
        Map<List<String>, Lot> all = new LinkedHashMap<>(); // (product, key) → lot
        String asTyped = null;
        for (RecordsIndex.CatalogLot l : index.catalogLots()) {
            if (l.key() == null) {
                continue; // not possible since migration 12 (a trigger requires it)
            }
            if (l.key().equals(key) && l.number().equals(lot.strip())
                    && (product == null || product.equals(l.product()))) {
                asTyped = l.number(); // the catalog holds the lot exactly as asked (of two spellings)
            }
            all.putIfAbsent(List.of(l.product(), l.key()), new Lot(l.product(), l.number(), 0, true,
                    Identifiers.distance(key, l.key())));
        }
        for (RecordsIndex.UsedLot u : index.usedLots(ownLicence)) {
            if (u.key() == null) {
                continue; // not possible since migration 12 (a trigger requires it)
            }
            List<String> k = List.of(u.product(), u.key());
            Lot held = all.get(k);
            all.put(k, held != null
                    ? new Lot(held.product(), held.number(), u.consents(), true, held.distance())
                    : new Lot(u.product(), u.number(), u.consents(), false, Identifiers.distance(key, u.key())));
        }
        boolean known = false;
        String held = null;
        List<Lot> others = new ArrayList<>();
        for (var e : all.entrySet()) {
            boolean sameLot = e.getKey().get(1).equals(key)
                    && (product == null || Objects.equals(product, e.getKey().get(0)));
            if (sameLot) {
                if (!known) {
                    held = e.getValue().number(); // the catalog's lots come first
                }
                known = true;
            } else {
                others.add(e.getValue());
            }
        }
        if (asTyped != null) { // an earlier release's catalog may hold two spellings: the one asked is shown
            held = asTyped;
        }
        others.sort(Comparator.comparingInt(Lot::distance).thenComparing(l -> !Objects.equals(l.product(), product))
                .thenComparing(Lot::product).thenComparing(Lot::number));
        List<Lot> close = others.stream().filter(l -> l.distance() <= CLOSE).toList();
        boolean productKnown = true;
        List<String> nearestProducts = List.of();
        if (product != null && all.keySet().stream().noneMatch(k -> k.get(0).equals(product))) {
            java.util.Set<String> names = index.productNames(ownLicence);
            productKnown = names.contains(product);
            if (!productKnown) {
                String asked = Identifiers.key(product);
                nearestProducts = names.stream().sorted(Comparator.comparingInt((String n) ->
                        Identifiers.distance(asked, Identifiers.key(n))).thenComparing(n -> n)).limit(3).toList();
            }
        }
        return new NearestLots(lot, product, known, others.subList(0, Math.min(limit, others.size())), held, close,
                productKnown, nearestProducts);
    }

    /**
     * For the command line, after a recall's list: the other lots within {@link #CLOSE} edits of the asked one,
     * which the list did not include ("Also in the records: LOT-2026-07B of product 'X' (3 consents) — a different
     * lot?"); empty when there are none.
     *
     * @return lines without line ends
     */
    public List<String> describeClose() {
        List<String> out = new ArrayList<>();
        for (Lot l : close) {
            out.add("Also in the records: " + l.number() + " of product '" + l.product() + "' (" + l.consents()
                    + " consent" + (l.consents() == 1 ? "" : "s") + (l.inCatalog() ? "" : ", not in the catalog")
                    + ") — " + (l.distance() == 0 ? "the same number of another product" : "a different lot")
                    + "? It was not included.");
        }
        return out;
    }

    /**
     * For the command line: what was (not) found, in English, and the nearest lots, one per line.
     *
     * @return lines without line ends
     */
    public List<String> describe() {
        List<String> out = new ArrayList<>();
        if (!productKnown) {
            out.add("There is no product '" + product + "' in the catalog or in any consent: check the name.");
            out.add(nearestProducts.isEmpty() ? "The catalog holds no product." : "The nearest product names: "
                    + String.join(", ", nearestProducts.stream().map(n -> "'" + n + "'").toList()));
            return out;
        }
        String which = "lot " + lot + (product == null ? "" : " of product '" + product + "'");
        out.add("No consent used " + which + ".");
        out.add(known ? "The catalog holds this lot: no patient has received it."
                : "Neither the catalog nor any consent holds " + which + ": check the number (a mistyped lot "
                + "number would hide every patient who received the lot).");
        if (nearest.isEmpty()) {
            out.add("The catalog holds no other lot.");
        } else {
            out.add(known ? "Other lot numbers near it:" : "The nearest lot numbers:");
            for (Lot l : nearest) {
                out.add(String.format("  %s  product '%s'  %d consent%s%s", l.number(), l.product(), l.consents(),
                        l.consents() == 1 ? "" : "s", l.inCatalog() ? "" : "  (not in the catalog)"));
            }
        }
        return out;
    }
}
