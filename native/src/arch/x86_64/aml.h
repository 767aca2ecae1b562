// A small AML byte-code writer for hand-built DSDTs (ACPI 6.5 §20.2 "AML Grammar Definition" and
// §6.4 "Resource Data Types for ACPI"): names, integers, packages, scopes, devices, buffers.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tshyve::arch::x86_64::aml {

using Bytes = std::vector<uint8_t>;

// PkgLength-prefixed body (§20.2.4): the length counts its own encoding bytes.
Bytes pkg_length(size_t body_size);
// A NameString: "\\_SB_", "PCI0", "\\_SB_.PCI0"; segments shorter than 4 are padded with '_'.
Bytes name_string(const std::string& path);
// The smallest integer encoding (ZeroOp, OneOp, BytePrefix ... QWordPrefix).
Bytes integer(uint64_t v);
Bytes string(const std::string& s);
// EISA ID compression as used by EisaId("PNP0A03") (§19.6.35), as a DWord integer.
uint32_t eisa_id(const char* id);

Bytes name(const std::string& path, const Bytes& value);                 // NameOp
Bytes package(const std::vector<Bytes>& elements);                       // PackageOp
Bytes buffer(const Bytes& data);                                         // BufferOp
Bytes scope(const std::string& path, const std::vector<Bytes>& terms);   // ScopeOp
Bytes device(const std::string& path, const std::vector<Bytes>& terms);  // DeviceOp
Bytes concat(const std::vector<Bytes>& parts);

// Resource descriptors (§6.4), to be wrapped by resource_template().
Bytes io_port(uint16_t base, uint8_t length);          // I/O Port Descriptor, Decode16, fixed
Bytes irq_no_flags(uint8_t irq);                       // IRQ Descriptor, edge/high
Bytes word_bus_number(uint16_t first, uint16_t last);  // Word Address Space, type bus
Bytes word_io(uint16_t min, uint16_t max);             // Word Address Space, type I/O
Bytes dword_memory(uint32_t min, uint32_t max, bool cacheable);
Bytes qword_memory(uint64_t min, uint64_t max, bool cacheable);
// Concatenates descriptors, appends the End Tag (checksum 0) and wraps them in a Buffer.
Bytes resource_template(const std::vector<Bytes>& descriptors);

}  // namespace tshyve::arch::x86_64::aml
