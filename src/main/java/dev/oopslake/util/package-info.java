/**
 * Small plain-Java helpers the domain packages share (parse, decode, signature), kept apart so that
 * none of them has to import another only for a utility. No Spark, no Hadoop, no job code.
 */
package dev.oopslake.util;
