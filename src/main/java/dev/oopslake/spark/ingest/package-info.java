/**
 * Spark glue of the ingest at fleet scale: listing an archive without holding it on the driver
 * ({@link dev.oopslake.spark.ingest.ArchiveListing}, {@link
 * dev.oopslake.spark.ingest.ManifestListing}) and the lake's run bookkeeping that makes nightly
 * runs incremental and idempotent ({@link dev.oopslake.spark.ingest.LakeState}).
 */
package dev.oopslake.spark.ingest;
