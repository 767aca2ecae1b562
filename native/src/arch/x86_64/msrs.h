// Boot-time MSR values a guest expects from firmware/VMM (Intel SDM vol 4; same set Firecracker
// and kvmtool program), filtered against KVM_GET_MSR_INDEX_LIST.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

namespace tshyve::arch::x86_64 {

std::vector<std::pair<uint32_t, uint64_t>> boot_msrs(const std::vector<uint32_t>& supported);

}  // namespace tshyve::arch::x86_64
