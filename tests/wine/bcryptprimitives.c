/* Test-only shim for Debian's wine 8.0, which lacks bcryptprimitives.dll!ProcessPrng. Rust's std
 * on Windows imports it for random numbers (HashMap seeds); real Windows 10 and later has it.
 * It forwards to advapi32's RtlGenRandom (SystemFunction036), which wine has.
 * Built by tests/tests/windows.rs with x86_64-w64-mingw32-gcc; never shipped in a release. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
