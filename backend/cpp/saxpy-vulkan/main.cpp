// saxpy-vulkan backend: y = a*x + y with one Vulkan compute shader (GLSL, compiled by glslc), plus health/version probes.
// Any Vulkan device will do, Mesa's CPU device (lavapipe) included; without a driver health says so and succeeds.
#include <vulkan/vulkan.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

const char* const kUsage = "usage: run.sh health | version | saxpy [N]";

const uint32_t kShader[] = {
#include "saxpy.spv.inc"
};

struct Parameters {
    float a;
    uint32_t n;
};

struct VulkanError : std::runtime_error {
    VulkanError(const char* call, VkResult result)
        : std::runtime_error(std::string(call) + " failed: VkResult " + std::to_string(int(result))), result(result) {}
    VkResult result;
};

void check(VkResult result, const char* call) {
    if (result != VK_SUCCESS) throw VulkanError(call, result);
}

std::string version_string(uint32_t version) {
    return std::to_string(VK_API_VERSION_MAJOR(version)) + "." + std::to_string(VK_API_VERSION_MINOR(version)) + "." +
           std::to_string(VK_API_VERSION_PATCH(version));
}

struct Buffer {
    VkBuffer buffer = VK_NULL_HANDLE;
    VkDeviceMemory memory = VK_NULL_HANDLE;
};

// One instance, the first device with a compute queue, and the saxpy pipeline; destroyed in reverse order.
class Saxpy {
public:
    Saxpy() {
        VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
        app.pApplicationName = "saxpy-vulkan";
        app.apiVersion = VK_API_VERSION_1_0;
        VkInstanceCreateInfo instance_info{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
        instance_info.pApplicationInfo = &app;
        check(vkCreateInstance(&instance_info, nullptr, &instance_), "vkCreateInstance");

        uint32_t count = 0;
        check(vkEnumeratePhysicalDevices(instance_, &count, nullptr), "vkEnumeratePhysicalDevices");
        if (count == 0) throw VulkanError("vkEnumeratePhysicalDevices (0 devices)", VK_ERROR_INITIALIZATION_FAILED);
        std::vector<VkPhysicalDevice> devices(count);
        check(vkEnumeratePhysicalDevices(instance_, &count, devices.data()), "vkEnumeratePhysicalDevices");
        for (VkPhysicalDevice candidate : devices) {
            uint32_t families = 0;
            vkGetPhysicalDeviceQueueFamilyProperties(candidate, &families, nullptr);
            std::vector<VkQueueFamilyProperties> properties(families);
            vkGetPhysicalDeviceQueueFamilyProperties(candidate, &families, properties.data());
            for (uint32_t family = 0; family < families && physical_ == VK_NULL_HANDLE; ++family)
                if (properties[family].queueFlags & VK_QUEUE_COMPUTE_BIT) {
                    physical_ = candidate;
                    family_ = family;
                }
        }
        if (physical_ == VK_NULL_HANDLE) throw VulkanError("no device with a compute queue", VK_ERROR_FEATURE_NOT_PRESENT);
        VkPhysicalDeviceProperties properties;
        vkGetPhysicalDeviceProperties(physical_, &properties);
        name_ = std::string(properties.deviceName) + " (Vulkan " + version_string(properties.apiVersion) + ")";

        const float priority = 1.0f;
        VkDeviceQueueCreateInfo queue_info{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
        queue_info.queueFamilyIndex = family_;
        queue_info.queueCount = 1;
        queue_info.pQueuePriorities = &priority;
        VkDeviceCreateInfo device_info{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
        device_info.queueCreateInfoCount = 1;
        device_info.pQueueCreateInfos = &queue_info;
        check(vkCreateDevice(physical_, &device_info, nullptr, &device_), "vkCreateDevice");
        vkGetDeviceQueue(device_, family_, 0, &queue_);

        VkDescriptorSetLayoutBinding bindings[2] = {};
        for (uint32_t i = 0; i < 2; ++i) {
            bindings[i].binding = i;
            bindings[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
            bindings[i].descriptorCount = 1;
            bindings[i].stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
        }
        VkDescriptorSetLayoutCreateInfo set_layout_info{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
        set_layout_info.bindingCount = 2;
        set_layout_info.pBindings = bindings;
        check(vkCreateDescriptorSetLayout(device_, &set_layout_info, nullptr, &set_layout_), "vkCreateDescriptorSetLayout");

        VkPushConstantRange push{VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(Parameters)};
        VkPipelineLayoutCreateInfo layout_info{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
        layout_info.setLayoutCount = 1;
        layout_info.pSetLayouts = &set_layout_;
        layout_info.pushConstantRangeCount = 1;
        layout_info.pPushConstantRanges = &push;
        check(vkCreatePipelineLayout(device_, &layout_info, nullptr, &layout_), "vkCreatePipelineLayout");

        VkShaderModuleCreateInfo module_info{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
        module_info.codeSize = sizeof(kShader);
        module_info.pCode = kShader;
        check(vkCreateShaderModule(device_, &module_info, nullptr, &module_), "vkCreateShaderModule");
        VkComputePipelineCreateInfo pipeline_info{VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
        pipeline_info.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
        pipeline_info.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
        pipeline_info.stage.module = module_;
        pipeline_info.stage.pName = "main";
        pipeline_info.layout = layout_;
        check(vkCreateComputePipelines(device_, VK_NULL_HANDLE, 1, &pipeline_info, nullptr, &pipeline_),
              "vkCreateComputePipelines");
    }

    Saxpy(const Saxpy&) = delete;
    Saxpy& operator=(const Saxpy&) = delete;

    ~Saxpy() {
        if (device_ != VK_NULL_HANDLE) {
            vkDestroyPipeline(device_, pipeline_, nullptr);
            vkDestroyShaderModule(device_, module_, nullptr);
            vkDestroyPipelineLayout(device_, layout_, nullptr);
            vkDestroyDescriptorSetLayout(device_, set_layout_, nullptr);
            vkDestroyDevice(device_, nullptr);
        }
        if (instance_ != VK_NULL_HANDLE) vkDestroyInstance(instance_, nullptr);
    }

    const std::string& name() const { return name_; }

    // y = a*x + y on the device; y is overwritten with the result.
    void run(float a, const std::vector<float>& x, std::vector<float>& y) {
        const VkDeviceSize bytes = x.size() * sizeof(float);
        Buffer bx = create_buffer(bytes), by = create_buffer(bytes);
        upload(bx, x.data(), bytes);
        upload(by, y.data(), bytes);

        VkDescriptorPoolSize pool_size{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 2};
        VkDescriptorPoolCreateInfo pool_info{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
        pool_info.maxSets = 1;
        pool_info.poolSizeCount = 1;
        pool_info.pPoolSizes = &pool_size;
        VkDescriptorPool pool;
        check(vkCreateDescriptorPool(device_, &pool_info, nullptr, &pool), "vkCreateDescriptorPool");
        VkDescriptorSetAllocateInfo set_info{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
        set_info.descriptorPool = pool;
        set_info.descriptorSetCount = 1;
        set_info.pSetLayouts = &set_layout_;
        VkDescriptorSet set;
        check(vkAllocateDescriptorSets(device_, &set_info, &set), "vkAllocateDescriptorSets");
        VkDescriptorBufferInfo infos[2] = {{bx.buffer, 0, bytes}, {by.buffer, 0, bytes}};
        VkWriteDescriptorSet writes[2] = {};
        for (uint32_t i = 0; i < 2; ++i) {
            writes[i].sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET;
            writes[i].dstSet = set;
            writes[i].dstBinding = i;
            writes[i].descriptorCount = 1;
            writes[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
            writes[i].pBufferInfo = &infos[i];
        }
        vkUpdateDescriptorSets(device_, 2, writes, 0, nullptr);

        VkCommandPoolCreateInfo command_pool_info{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
        command_pool_info.queueFamilyIndex = family_;
        VkCommandPool command_pool;
        check(vkCreateCommandPool(device_, &command_pool_info, nullptr, &command_pool), "vkCreateCommandPool");
        VkCommandBufferAllocateInfo command_info{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
        command_info.commandPool = command_pool;
        command_info.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
        command_info.commandBufferCount = 1;
        VkCommandBuffer commands;
        check(vkAllocateCommandBuffers(device_, &command_info, &commands), "vkAllocateCommandBuffers");
        VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
        begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
        check(vkBeginCommandBuffer(commands, &begin), "vkBeginCommandBuffer");
        vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline_);
        vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_COMPUTE, layout_, 0, 1, &set, 0, nullptr);
        const Parameters parameters{a, uint32_t(x.size())};
        vkCmdPushConstants(commands, layout_, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(parameters), &parameters);
        vkCmdDispatch(commands, (uint32_t(x.size()) + 63) / 64, 1, 1);
        check(vkEndCommandBuffer(commands), "vkEndCommandBuffer");
        VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
        submit.commandBufferCount = 1;
        submit.pCommandBuffers = &commands;
        check(vkQueueSubmit(queue_, 1, &submit, VK_NULL_HANDLE), "vkQueueSubmit");
        check(vkQueueWaitIdle(queue_), "vkQueueWaitIdle");

        download(by, y.data(), bytes);
        vkDestroyCommandPool(device_, command_pool, nullptr);
        vkDestroyDescriptorPool(device_, pool, nullptr);
        destroy(bx);
        destroy(by);
    }

private:
    // Host-visible, coherent memory: no staging copies, which every device (discrete, integrated, CPU) offers.
    Buffer create_buffer(VkDeviceSize bytes) {
        Buffer result;
        VkBufferCreateInfo info{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
        info.size = bytes;
        info.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
        info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
        check(vkCreateBuffer(device_, &info, nullptr, &result.buffer), "vkCreateBuffer");
        VkMemoryRequirements requirements;
        vkGetBufferMemoryRequirements(device_, result.buffer, &requirements);
        VkPhysicalDeviceMemoryProperties memory;
        vkGetPhysicalDeviceMemoryProperties(physical_, &memory);
        const VkMemoryPropertyFlags wanted = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
        uint32_t type = UINT32_MAX;
        for (uint32_t i = 0; i < memory.memoryTypeCount && type == UINT32_MAX; ++i)
            if ((requirements.memoryTypeBits & (1u << i)) && (memory.memoryTypes[i].propertyFlags & wanted) == wanted)
                type = i;
        if (type == UINT32_MAX) throw VulkanError("no host-visible coherent memory type", VK_ERROR_OUT_OF_DEVICE_MEMORY);
        VkMemoryAllocateInfo allocate{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
        allocate.allocationSize = requirements.size;
        allocate.memoryTypeIndex = type;
        check(vkAllocateMemory(device_, &allocate, nullptr, &result.memory), "vkAllocateMemory");
        check(vkBindBufferMemory(device_, result.buffer, result.memory, 0), "vkBindBufferMemory");
        return result;
    }

    void upload(const Buffer& buffer, const void* data, VkDeviceSize bytes) {
        void* mapped;
        check(vkMapMemory(device_, buffer.memory, 0, bytes, 0, &mapped), "vkMapMemory");
        std::memcpy(mapped, data, bytes);
        vkUnmapMemory(device_, buffer.memory);
    }

    void download(const Buffer& buffer, void* data, VkDeviceSize bytes) {
        void* mapped;
        check(vkMapMemory(device_, buffer.memory, 0, bytes, 0, &mapped), "vkMapMemory");
        std::memcpy(data, mapped, bytes);
        vkUnmapMemory(device_, buffer.memory);
    }

    void destroy(Buffer& buffer) {
        vkDestroyBuffer(device_, buffer.buffer, nullptr);
        vkFreeMemory(device_, buffer.memory, nullptr);
    }

    VkInstance instance_ = VK_NULL_HANDLE;
    VkPhysicalDevice physical_ = VK_NULL_HANDLE;
    uint32_t family_ = 0;
    VkDevice device_ = VK_NULL_HANDLE;
    VkQueue queue_ = VK_NULL_HANDLE;
    VkDescriptorSetLayout set_layout_ = VK_NULL_HANDLE;
    VkPipelineLayout layout_ = VK_NULL_HANDLE;
    VkShaderModule module_ = VK_NULL_HANDLE;
    VkPipeline pipeline_ = VK_NULL_HANDLE;
    std::string name_;
};

// Runs the shader on n elements and checks every result on the host; 0 when all match.
int run_saxpy(Saxpy& saxpy, int n) {
    const float a = 2.0f;
    std::vector<float> x(n), y(n);
    for (int i = 0; i < n; ++i) { x[i] = float(i); y[i] = 1.0f; }
    saxpy.run(a, x, y);
    for (int i = 0; i < n; ++i)
        if (std::fabs(y[i] - (a * x[i] + 1.0f)) > 1e-3f) {
            std::fprintf(stderr, "saxpy: y[%d] = %g, expected %g\n", i, y[i], a * x[i] + 1.0f);
            return 1;
        }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "%s\n", kUsage);
        return 2;
    }
    const std::string command = argv[1];
    if (command == "version") {
        std::printf("Vulkan %s\n", version_string(VK_HEADER_VERSION_COMPLETE).c_str());
        return 0;
    }
    const bool health = command == "health";
    if (!health && command != "saxpy") {
        std::fprintf(stderr, "%s\n", kUsage);
        return 2;
    }
    if (health) {
        uint32_t loader = VK_API_VERSION_1_0;
        vkEnumerateInstanceVersion(&loader);
        std::printf("toolchain: glslc (%s), Vulkan headers %s, loader %s\n", GLSLC_VERSION,
                    version_string(VK_HEADER_VERSION_COMPLETE).c_str(), version_string(loader).c_str());
    }
    try {
        Saxpy saxpy;
        const int n = health ? 1 << 16 : argc > 2 ? std::atoi(argv[2]) : 1 << 20;
        const int failed = run_saxpy(saxpy, n);
        std::printf(health ? "device: %s, saxpy %s\n" : "saxpy on %s: %s\n", saxpy.name().c_str(), failed ? "FAILED" : "ok");
        return failed;
    } catch (const VulkanError& error) {
        if (health && (error.result == VK_ERROR_INCOMPATIBLE_DRIVER || error.result == VK_ERROR_INITIALIZATION_FAILED)) {
            std::printf("device: none (%s)\n", error.what());
            return 0;
        }
        std::fprintf(stderr, "saxpy-vulkan: %s\n", error.what());
        return health ? 1 : 3;
    }
}
