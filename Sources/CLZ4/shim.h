#ifndef ACTA_CLZ4_SHIM_H
#define ACTA_CLZ4_SHIM_H
/* The dictionary functions of the frame API (LZ4F_createCDict, LZ4F_compressFrame_usingCDict,
   LZ4F_decompress_usingDict) are declared under LZ4F_STATIC_LINKING_ONLY; Debian's liblz4
   exports them from the shared library too. */
#define LZ4F_STATIC_LINKING_ONLY
#include <lz4.h>
#include <lz4frame.h>
#endif
